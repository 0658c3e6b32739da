package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * NoticeResponse (B): a warning or informational message; the command goes on.
 *
 * <p>Holds the fields as sent, in order, keyed by their code (see {@link NoticeField}), with accessors for the
 * common ones ({@link #sqlState()}, {@link #message()}, {@link #detail()}, {@link #hint()}, {@link #field(char)}).
 * Messages the gateway makes come from {@link #builder()}, which requires severity, SQLSTATE and message.
 *
 * @param fields field code to value, in wire order; copied, unmodifiable
 */
public record NoticeResponse(Map<Character, String> fields) implements BackendMessage, NoticeMessage {
    /** The message's tag. */
    public static final char TAG = 'N';

    /** The severities of a notice. */
    public enum Severity {
        /** Something the user should look at. */
        WARNING,
        /** Information the user may want. */
        NOTICE,
        /** Developer debugging output. */
        DEBUG,
        /** Information the user asked for. */
        INFO,
        /** Server log output sent to the client. */
        LOG
    }

    /**
     * Copies the fields.
     *
     * @throws IllegalArgumentException if a code is NUL or not one byte
     */
    public NoticeResponse {
        fields = NoticeField.copy(fields);
    }

    /** Starts a gateway-made message. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The severity from the non-localized field V, else from S; {@code null} when neither names a severity of
     * this message type (a server older than 9.6 with a localized S).
     */
    public Severity severity() {
        return NoticeField.severity(fields, Severity.class);
    }

    @Override
    public void encode(ByteBuf out) {
        NoticeField.encode(out, TAG, fields);
    }

    /**
     * Decodes a body.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released
     * @throws ProtocolException if a value or the field list is unterminated, or bytes follow it
     */
    public static NoticeResponse decode(ByteBuf body) {
        return new NoticeResponse(NoticeField.decode(body));
    }

    /**
     * Builds a NoticeResponse; severity, SQLSTATE and message are required. Besides its own method it has those
     * every error or notice builder has: {@code sqlState(String)} (typically {@code 00000} or a {@code 01xxx}
     * warning code), {@code message}, {@code detail}, {@code hint}, {@code field} and {@code build}.
     */
    public static final class Builder extends NoticeMessageBuilder<Builder, NoticeResponse> {
        private Builder() {
            super(NoticeResponse::new);
        }

        /** Sets the severity, written to both S and V. */
        public Builder severity(Severity severity) {
            return severityName(severity.name());
        }
    }
}
