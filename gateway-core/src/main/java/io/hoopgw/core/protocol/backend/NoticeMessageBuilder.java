package io.hoopgw.core.protocol.backend;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The builder ErrorResponse and NoticeResponse share: it collects the fields a gateway-made error or notice must
 * have, severity, SQLSTATE and message, and orders them as PostgreSQL does: S, V, C, M, then the rest in the order
 * given. Each message's public {@code Builder} adds only its typed severity (and, for errors, {@code SqlState}).
 *
 * @param <B> the concrete builder, returned by every setter so that calls chain
 * @param <M> the message built
 */
abstract class NoticeMessageBuilder<B extends NoticeMessageBuilder<B, M>, M> {
    private final Function<Map<Character, String>, M> message;
    private String severity;
    private String sqlState;
    private String text;
    private final Map<Character, String> others = new LinkedHashMap<>();

    NoticeMessageBuilder(Function<Map<Character, String>, M> message) {
        this.message = message;
    }

    /** Sets the severity by name, written to both S and V. */
    final B severityName(String name) {
        this.severity = name;
        return self();
    }

    /**
     * Sets the SQLSTATE by its code.
     *
     * @throws IllegalArgumentException if the code is not five characters
     */
    public B sqlState(String code) {
        if (code.length() != 5) {
            throw new IllegalArgumentException("a SQLSTATE has five characters, not " + code.length());
        }
        this.sqlState = code;
        return self();
    }

    /** Sets the primary message: one line a person can act on. */
    public B message(String message) {
        this.text = Objects.requireNonNull(message, "message");
        return self();
    }

    /** Sets the optional detail. */
    public B detail(String detail) {
        return field(NoticeField.DETAIL, detail);
    }

    /** Sets the optional hint. */
    public B hint(String hint) {
        return field(NoticeField.HINT, hint);
    }

    /**
     * Sets any other field.
     *
     * @throws IllegalArgumentException for S, V, C and M, which have their own methods
     */
    public B field(char code, String value) {
        switch (code) {
            case NoticeField.SEVERITY, NoticeField.SEVERITY_NON_LOCALIZED, NoticeField.CODE, NoticeField.MESSAGE ->
                    throw new IllegalArgumentException("field '" + code + "' has its own builder method");
            default -> others.put(code, Objects.requireNonNull(value, "field value"));
        }
        return self();
    }

    /**
     * Builds the message with fields in PostgreSQL's order: S, V, C, M, then the others as set.
     *
     * @throws IllegalStateException if severity, SQLSTATE or message is missing
     */
    public M build() {
        if (severity == null) {
            throw new IllegalStateException("severity is required");
        }
        if (sqlState == null) {
            throw new IllegalStateException("SQLSTATE is required");
        }
        if (text == null) {
            throw new IllegalStateException("message is required");
        }
        Map<Character, String> fields = new LinkedHashMap<>();
        fields.put(NoticeField.SEVERITY, severity);
        fields.put(NoticeField.SEVERITY_NON_LOCALIZED, severity);
        fields.put(NoticeField.CODE, sqlState);
        fields.put(NoticeField.MESSAGE, text);
        fields.putAll(others);
        return message.apply(fields);
    }

    @SuppressWarnings("unchecked") // B is this builder's own class, as the type parameter's bound requires
    private B self() {
        return (B) this;
    }
}
