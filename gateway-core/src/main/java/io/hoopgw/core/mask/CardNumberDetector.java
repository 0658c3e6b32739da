package io.hoopgw.core.mask;

import java.util.Arrays;
import java.util.List;

/**
 * Payment-card numbers (PANs): 13 to 19 digits, written as one run or in groups separated by single spaces or
 * single dashes (one kind of separator per number), with a known issuer prefix and a length that issuer uses, and
 * a valid Luhn check digit.
 *
 * <p>Issuers: Visa 4 (13, 16, 19 digits); Mastercard 51–55 and 2221–2720 (16); American Express 34, 37 (15);
 * Discover 6011, 644–649, 65 (16–19); JCB 3528–3589 (16–19); Diners Club 300–305, 36, 38 (14–19); UnionPay 62
 * (16–19).
 *
 * <p>To keep order numbers, timestamps and identifiers unmasked: an ungrouped candidate is a whole digit run (a
 * 20-digit run is not searched for a 16-digit card inside it); in a grouped number every group has 3 to 6 digits;
 * and a number is not adjacent to a letter, digit or underscore, nor to a decimal point next to a digit (commas
 * are boundaries: records print as {@code (1,4111111111111111)}). Within a space- or dash-separated sequence of
 * groups, the longest valid run of whole groups starting at each group is taken, so a card printed after a
 * reference number is still found.
 */
public final class CardNumberDetector implements ValueDetector {
    /** The detector's configuration name. */
    public static final String KIND = "card";
    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;
    private static final int MIN_GROUP = 3;
    private static final int MAX_GROUP = 6;
    /** Group boundaries of one token; more groups than this cannot all be parts of one 19-digit number anyway. */
    private static final int MAX_GROUPS = 64;
    /** Room for the groups of most tokens; grown to {@link #MAX_GROUPS} when a token has more. */
    private static final int FIRST_GROUPS = 8;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean mayOccurIn(long profile) {
        return TextProfile.digits(profile) >= MIN_DIGITS;
    }

    @Override
    public void find(CharSequence text, List<Match> out) {
        int n = text.length();
        int[] groupStart = null;
        int[] groupEnd = null;
        int i = 0;
        while (i < n) {
            if (!Chars.isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            if (groupStart == null) {
                groupStart = new int[FIRST_GROUPS];
                groupEnd = new int[FIRST_GROUPS];
            }
            int groups = 0;
            char separator = 0;
            int j = i;
            while (true) {
                int start = j;
                while (j < n && Chars.isDigit(text.charAt(j))) {
                    j++;
                }
                if (groups == groupStart.length && groups < MAX_GROUPS) {
                    groupStart = Arrays.copyOf(groupStart, MAX_GROUPS);
                    groupEnd = Arrays.copyOf(groupEnd, MAX_GROUPS);
                }
                if (groups < MAX_GROUPS) {
                    groupStart[groups] = start;
                    groupEnd[groups] = j;
                    groups++;
                }
                if (j + 1 < n && (text.charAt(j) == ' ' || text.charAt(j) == '-') && Chars.isDigit(text.charAt(j + 1))
                        && (separator == 0 || separator == text.charAt(j))) {
                    separator = text.charAt(j);
                    j++;
                } else {
                    break;
                }
            }
            int tokenStart = i;
            int tokenEnd = j;
            i = j;
            boolean leftOpen = Chars.startsWord(text, tokenStart);
            boolean rightOpen = Chars.endsWord(text, tokenEnd);
            int first = 0;
            while (first < groups) {
                int last = longestValid(text, groupStart, groupEnd, groups, first, leftOpen, rightOpen);
                if (last >= 0) {
                    out.add(new Match(groupStart[first], groupEnd[last]));
                    first = last + 1;
                } else {
                    first++;
                }
            }
        }
    }

    /** The last group of the longest valid card starting at group {@code first}, or -1. */
    private static int longestValid(CharSequence text, int[] groupStart, int[] groupEnd, int groups, int first,
            boolean leftOpen, boolean rightOpen) {
        if (first == 0 && !leftOpen) {
            return -1;
        }
        int digits = 0;
        int lastCandidate = first;
        for (int g = first; g < groups; g++) {
            digits += groupEnd[g] - groupStart[g];
            if (digits > MAX_DIGITS) {
                break;
            }
            lastCandidate = g;
        }
        for (int last = lastCandidate; last >= first; last--) {
            if (last == groups - 1 && !rightOpen) {
                continue;
            }
            if (last > first && !groupSizesFit(groupStart, groupEnd, first, last)) {
                continue;
            }
            if (isCardNumber(text, groupStart[first], groupEnd[last])) {
                return last;
            }
        }
        return -1;
    }

    private static boolean groupSizesFit(int[] groupStart, int[] groupEnd, int first, int last) {
        for (int g = first; g <= last; g++) {
            int size = groupEnd[g] - groupStart[g];
            if (size < MIN_GROUP || size > MAX_GROUP) {
                return false;
            }
        }
        return true;
    }

    /** Whether the digits in {@code [start, end)} (separators skipped) form a card number. */
    static boolean isCardNumber(CharSequence text, int start, int end) {
        int length = 0;
        int prefix = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (Chars.isDigit(c)) {
                if (length < 4) {
                    prefix = prefix * 10 + (c - '0');
                }
                length++;
            }
        }
        return length >= MIN_DIGITS && length <= MAX_DIGITS && issuerUses(prefix, length)
                && luhnValid(text, start, end);
    }

    /**
     * Whether a known issuer uses numbers starting with these four digits and of this length.
     *
     * @param prefix4 the first four digits as a number (4111 for 4111...)
     */
    static boolean issuerUses(int prefix4, int length) {
        int prefix1 = prefix4 / 1000;
        int prefix2 = prefix4 / 100;
        int prefix3 = prefix4 / 10;
        if (prefix1 == 4) {
            return length == 13 || length == 16 || length == 19;
        }
        if (prefix2 >= 51 && prefix2 <= 55 || prefix4 >= 2221 && prefix4 <= 2720) {
            return length == 16;
        }
        if (prefix2 == 34 || prefix2 == 37) {
            return length == 15;
        }
        boolean sixteenToNineteen = length >= 16;
        if (prefix4 == 6011 || prefix3 >= 644 && prefix3 <= 649 || prefix2 == 65) {
            return sixteenToNineteen;
        }
        if (prefix4 >= 3528 && prefix4 <= 3589) {
            return sixteenToNineteen;
        }
        if (prefix3 >= 300 && prefix3 <= 305 || prefix2 == 36 || prefix2 == 38) {
            return length >= 14;
        }
        if (prefix2 == 62) {
            return sixteenToNineteen;
        }
        return false;
    }

    /** The Luhn (mod 10) check over the digits in {@code [start, end)}, separators skipped. */
    static boolean luhnValid(CharSequence text, int start, int end) {
        int sum = 0;
        boolean doubled = false;
        for (int i = end - 1; i >= start; i--) {
            char c = text.charAt(i);
            if (!Chars.isDigit(c)) {
                continue;
            }
            int digit = c - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
