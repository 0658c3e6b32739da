package io.hoopgw.core.mask;

import java.util.List;

/**
 * E-mail addresses: a local part of ASCII letters, digits and {@code . _ % + -} (not starting or ending with a
 * dot), {@code @}, and a domain of at least two dot-separated labels of letters, digits and inner hyphens, the
 * last all letters and at least two long. A sentence's final full stop is not part of the domain. Quoted local
 * parts and internationalised addresses are not recognised.
 */
public final class EmailDetector implements ValueDetector {
    /** The detector's configuration name. */
    public static final String KIND = "email";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean mayOccurIn(long profile) {
        return TextProfile.hasAt(profile);
    }

    @Override
    public void find(CharSequence text, List<Match> out) {
        int n = text.length();
        int searchFrom = 0;
        for (int at = 0; at < n; at++) {
            if (text.charAt(at) != '@') {
                continue;
            }
            int start = at;
            while (start > searchFrom && isLocal(text.charAt(start - 1))) {
                start--;
            }
            while (start < at && text.charAt(start) == '.') {
                start++;
            }
            if (start == at || text.charAt(at - 1) == '.') {
                continue;
            }
            int end = domainEnd(text, at + 1);
            if (end > 0) {
                out.add(new Match(start, end));
                searchFrom = end;
                at = end - 1;
            }
        }
    }

    /** The end of the longest valid domain starting at {@code from}, or -1. */
    private static int domainEnd(CharSequence text, int from) {
        int n = text.length();
        int labels = 0;
        int validEnd = -1;
        int p = from;
        while (true) {
            int labelStart = p;
            boolean allLetters = true;
            while (p < n && (Chars.isAlphanumeric(text.charAt(p)) || text.charAt(p) == '-')) {
                allLetters &= Chars.isLetter(text.charAt(p));
                p++;
            }
            if (p == labelStart || text.charAt(labelStart) == '-' || text.charAt(p - 1) == '-') {
                return validEnd;
            }
            labels++;
            if (labels >= 2 && allLetters && p - labelStart >= 2) {
                validEnd = p;
            }
            if (p + 1 < n && text.charAt(p) == '.' && Chars.isAlphanumeric(text.charAt(p + 1))) {
                p++;
            } else {
                return validEnd;
            }
        }
    }

    private static boolean isLocal(char c) {
        return Chars.isAlphanumeric(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }
}
