package io.hoopgw.core.mask;

/** Character classes and word boundaries shared by the detectors; ASCII only, as the formats they find are. */
final class Chars {
    /** ASCII letters and digits: one look-up instead of three range tests, on every character a detector reads. */
    private static final boolean[] ALPHANUMERIC = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            ALPHANUMERIC[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            ALPHANUMERIC[c] = true;
            ALPHANUMERIC[Character.toUpperCase(c)] = true;
        }
    }

    private Chars() {
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || isUpper(c);
    }

    static boolean isAlphanumeric(char c) {
        return c < 128 && ALPHANUMERIC[c];
    }

    /**
     * Whether a number-like match may start at {@code start}: not preceded by a letter, digit or underscore, nor by
     * a decimal point that follows a digit (so the fraction of {@code 0.4111111111111111} is not a card). A comma
     * is a boundary: it separates the fields of a record's text form, {@code (1,4111111111111111)}.
     */
    static boolean startsWord(CharSequence text, int start) {
        if (start == 0) {
            return true;
        }
        char before = text.charAt(start - 1);
        if (isAlphanumeric(before) || before == '_') {
            return false;
        }
        return !(before == '.' && start >= 2 && isDigit(text.charAt(start - 2)));
    }

    /** The mirror of {@link #startsWord} after a match ending at {@code end}. */
    static boolean endsWord(CharSequence text, int end) {
        if (end >= text.length()) {
            return true;
        }
        char after = text.charAt(end);
        if (isAlphanumeric(after) || after == '_') {
            return false;
        }
        return !(after == '.' && end + 1 < text.length() && isDigit(text.charAt(end + 1)));
    }
}
