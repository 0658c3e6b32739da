package io.hoopgw.core.mask;

import java.util.List;

/**
 * US Social Security numbers written {@code AAA-GG-SSSS}, excluding numbers the SSA never issues: area 000, 666
 * or 900–999, group 00, serial 0000. Not matched inside a longer dash-separated digit sequence or next to a letter
 * or digit (so {@code 2024-12-31} style dates and longer codes stay).
 */
public final class SsnDetector implements ValueDetector {
    /** The detector's configuration name. */
    public static final String KIND = "ssn";
    private static final int LENGTH = 11;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean mayOccurIn(long profile) {
        return TextProfile.digits(profile) >= 9 && TextProfile.hasDash(profile);
    }

    @Override
    public void find(CharSequence text, List<Match> out) {
        int n = text.length();
        for (int i = 0; i + LENGTH <= n; i++) {
            if (shaped(text, i) && bounded(text, i) && issuable(text, i)) {
                out.add(new Match(i, i + LENGTH));
                i += LENGTH - 1;
            }
        }
    }

    private static boolean shaped(CharSequence text, int i) {
        for (int k = 0; k < LENGTH; k++) {
            char c = text.charAt(i + k);
            boolean ok = k == 3 || k == 6 ? c == '-' : Chars.isDigit(c);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean bounded(CharSequence text, int i) {
        if (!Chars.startsWord(text, i) || !Chars.endsWord(text, i + LENGTH)) {
            return false;
        }
        boolean dashBefore = i >= 2 && text.charAt(i - 1) == '-' && Chars.isDigit(text.charAt(i - 2));
        int end = i + LENGTH;
        boolean dashAfter = end + 1 < text.length() && text.charAt(end) == '-' && Chars.isDigit(text.charAt(end + 1));
        return !dashBefore && !dashAfter;
    }

    private static boolean issuable(CharSequence text, int i) {
        int area = number(text, i, 3);
        int group = number(text, i + 4, 2);
        int serial = number(text, i + 7, 4);
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
    }

    private static int number(CharSequence text, int start, int digits) {
        int value = 0;
        for (int k = 0; k < digits; k++) {
            value = value * 10 + (text.charAt(start + k) - '0');
        }
        return value;
    }
}
