package io.hoopgw.core.policy;

/** Matches names against patterns where {@code *} stands for any run of characters, and nothing else is special. */
final class Glob {
    private Glob() {
    }

    static boolean matches(String pattern, String value) {
        return matches(pattern, 0, value, 0);
    }

    private static boolean matches(String pattern, int p, String value, int v) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '*') {
                for (int rest = v; rest <= value.length(); rest++) {
                    if (matches(pattern, p + 1, value, rest)) {
                        return true;
                    }
                }
                return false;
            }
            if (v >= value.length() || value.charAt(v) != c) {
                return false;
            }
            p++;
            v++;
        }
        return v == value.length();
    }
}
