package io.hoopgw.core.mask;

import java.util.List;

/**
 * International Bank Account Numbers: two upper-case letters (country), two check digits, and a BBAN of upper-case
 * letters and digits, 15 to 34 characters in all, with a valid ISO 7064 mod-97 checksum. Written either compact
 * ({@code GB82WEST12345698765432}) or in groups of four separated by single spaces, the last group possibly
 * shorter ({@code GB82 WEST 1234 5698 7654 32}). Lower-case IBANs are not recognised, so hexadecimal digests are
 * never mistaken for one. Not matched next to a letter, digit or underscore.
 */
public final class IbanDetector implements ValueDetector {
    /** The detector's configuration name. */
    public static final String KIND = "iban";
    private static final int MIN_LENGTH = 15;
    private static final int MAX_LENGTH = 34;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean mayOccurIn(long profile) {
        return TextProfile.upperCaseLetters(profile) >= 2 && TextProfile.digits(profile) >= 2
                && TextProfile.length(profile) >= MIN_LENGTH;
    }

    @Override
    public void find(CharSequence text, List<Match> out) {
        int n = text.length();
        for (int i = 0; i + MIN_LENGTH <= n; i++) {
            if (!(Chars.isUpper(text.charAt(i)) && Chars.isUpper(text.charAt(i + 1))
                    && Chars.isDigit(text.charAt(i + 2)) && Chars.isDigit(text.charAt(i + 3)))
                    || !Chars.startsWord(text, i)) {
                continue;
            }
            int end = compactEnd(text, i);
            if (end < 0) {
                end = groupedEnd(text, i);
            }
            if (end > 0) {
                out.add(new Match(i, end));
                i = end - 1;
            }
        }
    }

    private static int compactEnd(CharSequence text, int start) {
        int end = start;
        while (end < text.length() && isBbanChar(text.charAt(end))) {
            end++;
        }
        int length = end - start;
        if (length < MIN_LENGTH || length > MAX_LENGTH || !Chars.endsWord(text, end)) {
            return -1;
        }
        return checksumValid(text, start, end) ? end : -1;
    }

    /** The end of the longest valid space-grouped IBAN at {@code start}, or -1. */
    private static int groupedEnd(CharSequence text, int start) {
        int n = text.length();
        int[] ends = new int[MAX_LENGTH / 4 + 2];
        int groups = 0;
        int characters = 0;
        int p = start;
        while (groups < ends.length) {
            int groupStart = p;
            while (p < n && p - groupStart < 4 && isBbanChar(text.charAt(p))) {
                p++;
            }
            int size = p - groupStart;
            if (size == 0) {
                break;
            }
            characters += size;
            if (characters > MAX_LENGTH) {
                break;
            }
            ends[groups++] = p;
            if (size < 4 || !(p + 1 < n && text.charAt(p) == ' ' && isBbanChar(text.charAt(p + 1)))) {
                break;
            }
            p++;
        }
        if (groups < 2) {
            return -1;
        }
        for (int g = groups - 1; g >= 1; g--) {
            int end = ends[g];
            if (Chars.endsWord(text, end) && significant(text, start, end) >= MIN_LENGTH
                    && checksumValid(text, start, end)) {
                return end;
            }
        }
        return -1;
    }

    private static int significant(CharSequence text, int start, int end) {
        int count = 0;
        for (int i = start; i < end; i++) {
            if (text.charAt(i) != ' ') {
                count++;
            }
        }
        return count;
    }

    private static boolean isBbanChar(char c) {
        return Chars.isDigit(c) || Chars.isUpper(c);
    }

    /**
     * ISO 7064 mod 97-10 as ISO 13616 applies it: move the first four characters to the end, read letters as
     * 10..35, and the number must leave remainder 1 when divided by 97. Spaces are skipped.
     */
    static boolean checksumValid(CharSequence text, int start, int end) {
        int remainder = 0;
        int firstFour = -1;
        int seen = 0;
        for (int i = start; i < end; i++) {
            if (text.charAt(i) == ' ') {
                continue;
            }
            if (seen++ == 4) {
                firstFour = i;
                break;
            }
        }
        if (firstFour < 0) {
            return false;
        }
        for (int i = firstFour; i < end; i++) {
            remainder = step(remainder, text.charAt(i));
        }
        for (int i = start; i < firstFour; i++) {
            remainder = step(remainder, text.charAt(i));
        }
        return remainder == 1;
    }

    private static int step(int remainder, char c) {
        if (c == ' ') {
            return remainder;
        }
        if (Chars.isDigit(c)) {
            return (remainder * 10 + (c - '0')) % 97;
        }
        return (remainder * 100 + (c - 'A' + 10)) % 97;
    }
}
