package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The field codes of ErrorResponse and NoticeResponse ("Error and Notice Message Fields" in the protocol
 * documentation), and the one encoding of a field list both messages share.
 */
public final class NoticeField {
    /** Severity, possibly localized. */
    public static final char SEVERITY = 'S';
    /** Severity, never localized (PostgreSQL 9.6 and later). */
    public static final char SEVERITY_NON_LOCALIZED = 'V';
    /** The SQLSTATE code. */
    public static final char CODE = 'C';
    /** The primary human-readable message. */
    public static final char MESSAGE = 'M';
    /** An optional secondary message with more detail. */
    public static final char DETAIL = 'D';
    /** An optional suggestion what to do. */
    public static final char HINT = 'H';
    /** A 1-based character index into the query string. */
    public static final char POSITION = 'P';
    /** Like POSITION, into an internally generated command. */
    public static final char INTERNAL_POSITION = 'p';
    /** The internally generated command that failed. */
    public static final char INTERNAL_QUERY = 'q';
    /** The context (call stack) in which the error occurred. */
    public static final char WHERE = 'W';
    /** The schema of the object involved. */
    public static final char SCHEMA_NAME = 's';
    /** The table involved. */
    public static final char TABLE_NAME = 't';
    /** The column involved. */
    public static final char COLUMN_NAME = 'c';
    /** The data type involved. */
    public static final char DATA_TYPE_NAME = 'd';
    /** The constraint involved. */
    public static final char CONSTRAINT_NAME = 'n';
    /** The server source file reporting the error. */
    public static final char FILE = 'F';
    /** The line in that file. */
    public static final char LINE = 'L';
    /** The server routine reporting the error. */
    public static final char ROUTINE = 'R';

    private NoticeField() {
    }

    /** Writes a complete ErrorResponse or NoticeResponse frame: each field as code byte and string, then NUL. */
    static void encode(ByteBuf out, char tag, Map<Character, String> fields) {
        int lengthIndex = WireFormat.beginMessage(out, tag);
        fields.forEach((code, value) -> {
            out.writeByte(code);
            WireFormat.writeCString(out, value);
        });
        out.writeByte(0);
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Reads a field list up to its terminating NUL. A repeated code keeps its first position and its last value,
     * as libpq does when it stores fields by code.
     *
     * @throws ProtocolException if a value or the list is unterminated, or bytes follow the list
     */
    static Map<Character, String> decode(ByteBuf body) {
        Map<Character, String> fields = new LinkedHashMap<>();
        for (byte code; (code = WireFormat.readByte(body)) != 0; ) {
            fields.put((char) (code & 0xff), WireFormat.readCString(body));
        }
        WireFormat.requireFullyRead(body);
        return Collections.unmodifiableMap(fields);
    }

    /** Checks a field map for encodability and copies it, unmodifiable and in order. */
    static Map<Character, String> copy(Map<Character, String> fields) {
        Map<Character, String> copy = new LinkedHashMap<>();
        fields.forEach((code, value) -> {
            if (code == 0 || code > 0xff) {
                throw new IllegalArgumentException("a field code must be one non-NUL byte");
            }
            copy.put(code, Objects.requireNonNull(value, "field value"));
        });
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Collects the fields a gateway-made error or notice must have, severity, SQLSTATE and message, and
     * orders them as PostgreSQL does: S, V, C, M, then the rest in the order given.
     */
    static final class Builder {
        private String severity;
        private String sqlState;
        private String message;
        private final Map<Character, String> others = new LinkedHashMap<>();

        void severity(String name) {
            this.severity = name;
        }

        void sqlState(String code) {
            if (code.length() != 5) {
                throw new IllegalArgumentException("a SQLSTATE has five characters, not " + code.length());
            }
            this.sqlState = code;
        }

        void message(String text) {
            this.message = Objects.requireNonNull(text, "message");
        }

        void field(char code, String value) {
            switch (code) {
                case SEVERITY, SEVERITY_NON_LOCALIZED, CODE, MESSAGE -> throw new IllegalArgumentException(
                        "field '" + code + "' has its own builder method");
                default -> others.put(code, Objects.requireNonNull(value, "field value"));
            }
        }

        Map<Character, String> build() {
            if (severity == null) {
                throw new IllegalStateException("severity is required");
            }
            if (sqlState == null) {
                throw new IllegalStateException("SQLSTATE is required");
            }
            if (message == null) {
                throw new IllegalStateException("message is required");
            }
            Map<Character, String> fields = new LinkedHashMap<>();
            fields.put(SEVERITY, severity);
            fields.put(SEVERITY_NON_LOCALIZED, severity);
            fields.put(CODE, sqlState);
            fields.put(MESSAGE, message);
            fields.putAll(others);
            return copy(fields);
        }
    }
}
