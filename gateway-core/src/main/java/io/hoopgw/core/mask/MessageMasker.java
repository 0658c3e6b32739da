package io.hoopgw.core.mask;

import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.core.protocol.backend.NoticeField;
import io.hoopgw.core.protocol.backend.NoticeResponse;
import io.hoopgw.core.protocol.backend.NotificationResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Masks the messages other than rows that can carry row values: NotificationResponse payloads, and the texts of
 * ErrorResponse and NoticeResponse, where PostgreSQL echoes values (the DETAIL of a unique violation, {@code Key
 * (card)=(4111 1111 1111 1111) already exists.}; the message of a failed cast, {@code invalid input syntax for
 * type integer: "..."}; the failing row of a check violation).
 *
 * <p>Detector rules apply to the payload and to the fields {@link #TEXT_FIELDS}. In addition, a DETAIL of the form
 * {@code Key (columns)=(values) ...} has its values replaced by the first column rule that selects one of the
 * named columns (of the table the error's schema and table fields name, when present): with several columns the
 * whole value list is replaced, since values may themselves contain commas. Column rules cannot apply to a
 * {@code Failing row contains (...)} detail, whose values are not named; detector rules still do. Not thread-safe;
 * one per session.
 */
public final class MessageMasker {
    /** The error and notice fields whose text is masked: message, detail, hint, context, internal query. */
    public static final List<Character> TEXT_FIELDS = List.of(NoticeField.MESSAGE, NoticeField.DETAIL,
            NoticeField.HINT, NoticeField.WHERE, NoticeField.INTERNAL_QUERY);
    private static final String KEY_START = "Key (";
    private static final String KEY_EQUALS = ")=(";
    /** What follows the values in PostgreSQL's key details (unique, foreign key, exclusion constraints). */
    private static final List<String> KEY_ENDINGS = List.of(") already exists.", ") is not present in table ",
            ") is still referenced from table ", ") conflicts with existing key (");

    private final Masker masker;
    private final TextMasking text;
    private final MaskCounts counts;

    MessageMasker(Masker masker, TextMasking text, MaskCounts counts) {
        this.masker = masker;
        this.text = text;
        this.counts = counts;
    }

    /** The notification with its payload masked; the same instance when nothing matched. */
    public NotificationResponse mask(NotificationResponse notification) {
        String payload = text.mask(notification.payload(), false, counts);
        return payload == notification.payload() ? notification
                : new NotificationResponse(notification.processId(), notification.channel(), payload);
    }

    /** The error with its texts masked; the same instance when nothing changed. */
    public ErrorResponse mask(ErrorResponse error) {
        Map<Character, String> masked = maskFields(error.fields());
        return masked == null ? error : new ErrorResponse(masked);
    }

    /** The notice with its texts masked; the same instance when nothing changed. */
    public NoticeResponse mask(NoticeResponse notice) {
        Map<Character, String> masked = maskFields(notice.fields());
        return masked == null ? notice : new NoticeResponse(masked);
    }

    /**
     * Masks a DETAIL text: column rules on a {@code Key (...)=(...)} detail, then detector rules.
     *
     * @param detail the detail
     * @param schema the schema of the table involved (error field {@code s}), or {@code null}
     * @param table  the table involved (error field {@code t}), or {@code null}
     * @return the masked detail, or the same instance when nothing changed
     */
    public String maskDetail(String detail, String schema, String table) {
        return text.mask(maskKeyValues(detail, schema, table), false, counts);
    }

    private Map<Character, String> maskFields(Map<Character, String> fields) {
        Map<Character, String> result = null;
        for (Map.Entry<Character, String> field : fields.entrySet()) {
            char code = field.getKey();
            if (!TEXT_FIELDS.contains(code)) {
                continue;
            }
            String value = field.getValue();
            String masked = code == NoticeField.DETAIL
                    ? maskDetail(value, fields.get(NoticeField.SCHEMA_NAME), fields.get(NoticeField.TABLE_NAME))
                    : text.mask(value, false, counts);
            if (masked != value) {
                if (result == null) {
                    result = new LinkedHashMap<>(fields);
                }
                result.put(code, masked);
            }
        }
        return result;
    }

    /** Replaces the values of a key detail when a column rule selects one of its columns. */
    private String maskKeyValues(String detail, String schema, String table) {
        if (masker.columnRules().isEmpty() || !detail.startsWith(KEY_START)) {
            return detail;
        }
        int equals = detail.indexOf(KEY_EQUALS);
        if (equals < 0) {
            return detail;
        }
        int valuesStart = equals + KEY_EQUALS.length();
        int valuesEnd = -1;
        for (String ending : KEY_ENDINGS) {
            int at = detail.lastIndexOf(ending);
            if (at >= valuesStart && (valuesEnd < 0 || at < valuesEnd)) {
                valuesEnd = at;
            }
        }
        if (valuesEnd < 0) {
            return detail;
        }
        ColumnRule rule = null;
        for (String column : detail.substring(KEY_START.length(), equals).split(", ")) {
            String name = unquote(column.trim());
            rule = masker.columnRule(schema, table, name, name);
            if (rule != null) {
                break;
            }
        }
        if (rule == null) {
            return detail;
        }
        counts.add(rule);
        return detail.substring(0, valuesStart) + rule.strategy().applyAsText(detail.substring(valuesStart,
                valuesEnd)) + detail.substring(valuesEnd);
    }

    private static String unquote(String identifier) {
        if (identifier.length() >= 2 && identifier.startsWith("\"") && identifier.endsWith("\"")) {
            return identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"");
        }
        return identifier;
    }
}
