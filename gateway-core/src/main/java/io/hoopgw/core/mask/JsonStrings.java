package io.hoopgw.core.mask;

/** Writes replacement text into JSON documents so that they stay valid JSON. */
final class JsonStrings {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonStrings() {
    }

    /** {@code value} as a JSON string literal, quotes included. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2);
        appendQuoted(out, value);
        return out.toString();
    }

    static void appendQuoted(StringBuilder out, String value) {
        out.append('"');
        appendEscaped(out, value);
        out.append('"');
    }

    /** Appends {@code value} escaped for the inside of a JSON string literal (RFC 8259 section 7). */
    static void appendEscaped(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                out.append(c);
            }
        }
    }
}
