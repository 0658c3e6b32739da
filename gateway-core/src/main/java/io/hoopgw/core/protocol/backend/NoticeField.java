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
     * The severity from the non-localized field V, else from S; {@code null} when neither names one of
     * {@code severities} (a server older than 9.6 with a localized S).
     */
    static <S extends Enum<S>> S severity(Map<Character, String> fields, Class<S> severities) {
        for (char code : new char[] {SEVERITY_NON_LOCALIZED, SEVERITY}) {
            String name = fields.get(code);
            if (name != null) {
                for (S severity : severities.getEnumConstants()) {
                    if (severity.name().equals(name)) {
                        return severity;
                    }
                }
            }
        }
        return null;
    }
}
