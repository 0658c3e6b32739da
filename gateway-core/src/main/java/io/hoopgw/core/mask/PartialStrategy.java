package io.hoopgw.core.mask;

/**
 * {@code partial}: keeps the first and/or last few characters and masks the rest, e.g. a card number becomes
 * {@code ************1111}. Separators (characters other than letters and digits) are not counted; they are kept
 * in place when {@code keepSeparators} is set ({@code ****-****-****-1111}) and dropped otherwise, so a card
 * masks to the same text however it was grouped.
 *
 * <p>Never reveals more than half of a value's counted characters: keeping the last four of a five-character
 * value would reveal it, so short values reveal proportionally less.
 *
 * @param keepFirst      how many leading characters to show, at least 0
 * @param keepLast       how many trailing characters to show, at least 0
 * @param maskChar       the character standing for each hidden one
 * @param keepSeparators whether separators stay in place
 */
public record PartialStrategy(int keepFirst, int keepLast, char maskChar, boolean keepSeparators)
        implements MaskStrategy {
    /** The strategy's configuration name. */
    public static final String NAME = "partial";
    /** The mask character used unless one is configured. */
    public static final char DEFAULT_MASK_CHAR = '*';

    /** Checks the counts. */
    public PartialStrategy {
        if (keepFirst < 0 || keepLast < 0) {
            throw new IllegalArgumentException("the kept character counts must not be negative");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String apply(String value) {
        int length = value.length();
        int counted = 0;
        for (int i = 0; i < length; i++) {
            if (isCounted(value.charAt(i))) {
                counted++;
            }
        }
        int revealable = counted / 2;
        int first = Math.min(keepFirst, revealable);
        int last = Math.min(keepLast, revealable - first);
        char[] out = new char[length];
        int written = 0;
        int position = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (!isCounted(c)) {
                if (keepSeparators) {
                    out[written++] = c;
                }
                continue;
            }
            boolean shown = position < first || position >= counted - last;
            out[written++] = shown ? c : maskChar;
            position++;
        }
        return new String(out, 0, written);
    }

    /** {@link Character#isLetterOrDigit(char)}, with ASCII (card numbers, mostly) answered without its tables. */
    private static boolean isCounted(char c) {
        if (c < 128) {
            return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
        }
        return Character.isLetterOrDigit(c);
    }
}
