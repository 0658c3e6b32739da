package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.SqlState;
import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * ErrorResponse (B): an error; the current command or session is aborted.
 *
 * <p>Holds the fields as sent, in order, keyed by their code (see {@link NoticeField}). Messages the gateway makes
 * come from {@link #builder()}, which requires severity, SQLSTATE and message.
 *
 * @param fields field code to value, in wire order; copied, unmodifiable
 */
public record ErrorResponse(Map<Character, String> fields) implements BackendMessage {
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
        for (char code : new char[] {NoticeField.SEVERITY_NON_LOCALIZED, NoticeField.SEVERITY}) {
            String name = fields.get(code);
            if (name != null) {
                for (Severity severity : Severity.values()) {
                    if (severity.name().equals(name)) {
                        return severity;
                    }
                }
            }
        }
        return null;
    }

    /** The five-character SQLSTATE (field C), or {@code null} if absent. */
    public String sqlState() {
        return fields.get(NoticeField.CODE);
    }

    /** The primary message (field M), or {@code null} if absent. */
    public String message() {
        return fields.get(NoticeField.MESSAGE);
    }

    /** The detail (field D), or {@code null} if absent. */
    public String detail() {
        return fields.get(NoticeField.DETAIL);
    }

    /** The hint (field H), or {@code null} if absent. */
    public String hint() {
        return fields.get(NoticeField.HINT);
    }

    /** The value of any field, or {@code null} if absent. */
    public String field(char code) {
        return fields.get(code);
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

    /** Builds a ErrorResponse; severity, SQLSTATE and message are required. */
    public static final class Builder {
        private final NoticeField.Builder fields = new NoticeField.Builder();

        private Builder() {
        }

        /** Sets the severity, written to both S and V. */
        public Builder severity(Severity severity) {
            fields.severity(severity.name());
            return this;
        }

        /** Sets the SQLSTATE. */
        public Builder sqlState(SqlState sqlState) {
            fields.sqlState(sqlState.code());
            return this;
        }

        /**
         * Sets a SQLSTATE not listed in {@code SqlState}.
         *
         * @throws IllegalArgumentException if the code is not five characters
         */
        public Builder sqlState(String code) {
            fields.sqlState(code);
            return this;
        }

        /** Sets the primary message: one line a person can act on. */
        public Builder message(String message) {
            fields.message(message);
            return this;
        }

        /** Sets the optional detail. */
        public Builder detail(String detail) {
            return field(NoticeField.DETAIL, detail);
        }

        /** Sets the optional hint. */
        public Builder hint(String hint) {
            return field(NoticeField.HINT, hint);
        }

        /**
         * Sets any other field.
         *
         * @throws IllegalArgumentException for S, V, C and M, which have their own methods
         */
        public Builder field(char code, String value) {
            fields.field(code, value);
            return this;
        }

        /**
         * Builds the message with fields in PostgreSQL's order: S, V, C, M, then the others as set.
         *
         * @throws IllegalStateException if severity, SQLSTATE or message is missing
         */
        public ErrorResponse build() {
            return new ErrorResponse(fields.build());
        }
    }
}
