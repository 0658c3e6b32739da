package io.hoopgw.core.sql;

/** Decodes the escapes inside PostgreSQL string constants: backslash escapes and Unicode escapes. */
final class Escapes {
    private Escapes() {
    }

    /**
     * Decodes the backslash escape at {@code at} (as in {@code E''} strings), appends its character to
     * {@code value}, and returns the offset just past it.
     */
    static int backslash(String sql, int at, StringBuilder value, int literalStart) throws SqlLexException {
        if (at + 1 >= sql.length()) {
            throw new SqlLexException("unterminated quoted string at offset " + literalStart);
        }
        char c = sql.charAt(at + 1);
        int p = at + 2;
        switch (c) {
            case 'b' -> value.append('\b');
            case 'f' -> value.append('\f');
            case 'n' -> value.append('\n');
            case 'r' -> value.append('\r');
            case 't' -> value.append('\t');
            case 'x' -> {
                int end = hexRun(sql, p, 2);
                if (end == p) {
                    value.append('x');
                } else {
                    value.append((char) Integer.parseInt(sql.substring(p, end), 16));
                    p = end;
                }
            }
            case 'u', 'U' -> {
                int width = c == 'u' ? 4 : 8;
                if (hexRun(sql, p, width) != p + width) {
                    throw new SqlLexException("invalid Unicode escape at offset " + at);
                }
                appendCodePoint(value, Integer.parseUnsignedInt(sql.substring(p, p + width), 16), at);
                p += width;
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    int end = p - 1;
                    while (end < sql.length() && end < p + 2 && sql.charAt(end) >= '0' && sql.charAt(end) <= '7') {
                        end++;
                    }
                    value.append((char) (Integer.parseInt(sql.substring(p - 1, end), 8) & 0xFF));
                    p = end;
                } else {
                    value.append(c);
                }
            }
        }
        return p;
    }

    /** Decodes the escapes of a {@code U&} literal's body: {@code <esc>hhhh}, {@code <esc>+hhhhhh} (h: a hex digit), {@code <esc><esc>}. */
    static String unicode(String raw, char escape, int literalStart) throws SqlLexException {
        StringBuilder value = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != escape) {
                value.append(c);
                i++;
                continue;
            }
            if (i + 1 < raw.length() && raw.charAt(i + 1) == escape) {
                value.append(escape);
                i += 2;
            } else if (i + 1 < raw.length() && raw.charAt(i + 1) == '+' && hexRun(raw, i + 2, 6) == i + 8) {
                appendCodePoint(value, Integer.parseInt(raw.substring(i + 2, i + 8), 16), literalStart);
                i += 8;
            } else if (hexRun(raw, i + 1, 4) == i + 5) {
                appendCodePoint(value, Integer.parseInt(raw.substring(i + 1, i + 5), 16), literalStart);
                i += 5;
            } else {
                throw new SqlLexException("invalid Unicode escape in the literal at offset " + literalStart);
            }
        }
        return value.toString();
    }

    private static int hexRun(String text, int from, int max) {
        int p = from;
        while (p < text.length() && p < from + max && SqlLexer.isHexDigit(text.charAt(p))) {
            p++;
        }
        return p;
    }

    private static void appendCodePoint(StringBuilder value, int codePoint, int at) throws SqlLexException {
        if (codePoint == 0 || !Character.isValidCodePoint(codePoint)) {
            throw new SqlLexException("invalid Unicode escape value at offset " + at);
        }
        value.appendCodePoint(codePoint);
    }
}
