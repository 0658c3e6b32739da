package io.hoopgw.server.session;

/**
 * Renders client-supplied text for a log line: control characters (a forged newline would start a fake log
 * entry) become escapes, and overlong values are cut.
 */
public final class LogSafe {
    private static final int MAX_LENGTH = 200;

    private LogSafe() {
    }

    /** Each value quoted, escaped and bounded, as a list: {@code ["a", "b"]}. */
    public static String quoteAll(java.util.Collection<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (String value : values) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(quote(value));
        }
        return out.append(']').toString();
    }

    /** The value quoted, escaped and bounded; {@code null} for null. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_LENGTH) + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            if (i == MAX_LENGTH) {
                out.append("...");
                break;
            }
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
