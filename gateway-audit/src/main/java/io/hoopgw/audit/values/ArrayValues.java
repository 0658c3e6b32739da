package io.hoopgw.audit.values;

import java.nio.ByteBuffer;
import java.util.Map;

/** Binary arrays: {@code ndim, flags, element oid, (size, lower bound) per dimension, elements}. */
final class ArrayValues {
    /** Array type OID → element type OID, for the element types the recorder decodes. */
    private static final Map<Integer, Integer> ELEMENTS = Map.ofEntries(
            Map.entry(1000, PgTypes.BOOL), Map.entry(1001, PgTypes.BYTEA), Map.entry(1003, PgTypes.NAME),
            Map.entry(1005, PgTypes.INT2), Map.entry(1007, PgTypes.INT4), Map.entry(1009, PgTypes.TEXT),
            Map.entry(1014, PgTypes.BPCHAR), Map.entry(1015, PgTypes.VARCHAR), Map.entry(1016, PgTypes.INT8),
            Map.entry(1021, PgTypes.FLOAT4), Map.entry(1022, PgTypes.FLOAT8), Map.entry(1028, PgTypes.OID),
            Map.entry(1115, PgTypes.TIMESTAMP), Map.entry(1182, PgTypes.DATE), Map.entry(1185, PgTypes.TIMESTAMPTZ),
            Map.entry(1231, PgTypes.NUMERIC), Map.entry(2951, PgTypes.UUID), Map.entry(199, PgTypes.JSON),
            Map.entry(3807, PgTypes.JSONB));

    private ArrayValues() {
    }

    static boolean isArray(int oid) {
        return ELEMENTS.containsKey(oid);
    }

    /** The array in PostgreSQL's text form, or null when an element cannot be decoded. */
    static String render(ByteBuffer buf) {
        int ndim = buf.getInt();
        buf.getInt(); // has-null flag: NULL elements are visible from their -1 lengths
        int element = buf.getInt();
        if (ndim == 0) {
            return "{}";
        }
        if (ndim < 0 || ndim > 6) {
            return null;
        }
        int[] sizes = new int[ndim];
        for (int d = 0; d < ndim; d++) {
            sizes[d] = buf.getInt();
            buf.getInt(); // lower bound: PostgreSQL prints non-default bounds as a prefix; rare in parameters
            if (sizes[d] < 0) {
                return null;
            }
        }
        StringBuilder out = new StringBuilder();
        if (!dimension(buf, element, sizes, 0, out) || buf.hasRemaining()) {
            return null;
        }
        return out.toString();
    }

    private static boolean dimension(ByteBuffer buf, int element, int[] sizes, int d, StringBuilder out) {
        out.append('{');
        for (int i = 0; i < sizes[d]; i++) {
            if (i > 0) {
                out.append(',');
            }
            if (d + 1 < sizes.length) {
                if (!dimension(buf, element, sizes, d + 1, out)) {
                    return false;
                }
                continue;
            }
            int length = buf.getInt();
            if (length == -1) {
                out.append("NULL");
                continue;
            }
            byte[] bytes = new byte[length];
            buf.get(bytes);
            String text = BinaryValues.render(element, bytes);
            if (text == null) {
                return false;
            }
            out.append(quote(text));
        }
        out.append('}');
        return true;
    }

    /** Quotes an element the way array_out does when it would otherwise be ambiguous. */
    private static String quote(String text) {
        boolean needs = text.isEmpty() || text.equalsIgnoreCase("NULL");
        for (int i = 0; i < text.length() && !needs; i++) {
            char c = text.charAt(i);
            needs = c == ',' || c == '{' || c == '}' || c == '"' || c == '\\' || Character.isWhitespace(c);
        }
        if (!needs) {
            return text;
        }
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
