package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.SqlState;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * ErrorResponse (B): an error; the current command or session is aborted.
 *
 * <p>Holds the fields as sent, in order, keyed by their code (see {@link NoticeField}), with accessors for the
 * common ones ({@link #sqlState()}, {@link #message()}, {@link #detail()}, {@link #hint()}, {@link #field(char)}).
 * Messages the gateway makes come from {@link #builder()}, which requires severity, SQLSTATE and message.
 *
 * @param fields field code to value, in wire order; copied, unmodifiable
 */
public record ErrorResponse(Map<Character, String> fields) implements BackendMessage, NoticeMessage {
    /** The message's tag. */
    public static final char TAG = 'E';

    /** The severities of an error. */
    public enum Severity {
        /** The statement failed; the session goes on. */
        ERROR,
        /** The session ends. */
        FATAL,
        /** Every session of the server ends. */
        PANIC
    }

    /**
     * Copies the fields.
     *
     * @throws IllegalArgumentException if a code is NUL or not one byte
     */
    public ErrorResponse {
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
    public static ErrorResponse decode(ByteBuf body) {
        return new ErrorResponse(NoticeField.decode(body));
    }

    /**
     * Builds an ErrorResponse; severity, SQLSTATE and message are required. Besides its own methods it has those
     * every error or notice builder has: {@code sqlState(String)} for a code not listed in {@code SqlState},
     * {@code message}, {@code detail}, {@code hint}, {@code field} and {@code build}.
     */
    public static final class Builder extends NoticeMessageBuilder<Builder, ErrorResponse> {
        private Builder() {
            super(ErrorResponse::new);
        }

        /** Sets the severity, written to both S and V. */
        public Builder severity(Severity severity) {
            return severityName(severity.name());
        }

        /** Sets the SQLSTATE. */
        public Builder sqlState(SqlState sqlState) {
            return sqlState(sqlState.code());
        }
    }
}
