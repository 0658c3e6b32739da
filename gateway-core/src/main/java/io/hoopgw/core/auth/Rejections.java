package io.hoopgw.core.auth;

import io.hoopgw.core.auth.TokenRejectedException.FailedCheck;

/**
 * Builds {@link TokenRejectedException}s whose messages all read the same way: what was wrong, then the check and
 * the issuer. Nothing taken from a token goes into a message except through {@link #quote}.
 */
final class Rejections {
    /** Longest piece of untrusted token content (an unknown {@code iss}, a {@code kid}) a message repeats. */
    private static final int MAX_QUOTED = 120;

    private Rejections() {
    }

    static TokenRejectedException reject(FailedCheck check, String issuer, String detail) {
        return new TokenRejectedException(check, message(check, issuer, detail));
    }

    static TokenRejectedException reject(FailedCheck check, String issuer, String detail, Throwable cause) {
        return new TokenRejectedException(check, message(check, issuer, detail), cause);
    }

    private static String message(FailedCheck check, String issuer, String detail) {
        return detail + " [check " + check + ", issuer " + (issuer == null ? "unknown" : issuer) + "]";
    }

    /**
     * Quotes a value read from an unverified token for a log line: printable ASCII only, length-capped, so a forged
     * claim can neither forge log lines nor smuggle the token itself into the message.
     */
    static String quote(String untrusted) {
        if (untrusted == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder(Math.min(untrusted.length(), MAX_QUOTED) + 2).append('"');
        for (int i = 0; i < untrusted.length() && i < MAX_QUOTED; i++) {
            char c = untrusted.charAt(i);
            out.append(c >= 0x20 && c < 0x7f && c != '"' ? c : '?');
        }
        if (untrusted.length() > MAX_QUOTED) {
            out.append("...");
        }
        return out.append('"').toString();
    }
}
