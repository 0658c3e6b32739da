package io.hoopgw.audit.read;

import java.time.Instant;

/**
 * Which sessions to list; null fields match everything.
 *
 * @param user   the identity's subject
 * @param since  sessions that started at or after this
 * @param until  sessions that started before this
 * @param target the target name
 */
public record SessionFilter(String user, Instant since, Instant until, String target) {
    /** Matches every session. */
    public static SessionFilter all() {
        return new SessionFilter(null, null, null, null);
    }

    boolean matches(String subject, Instant start, String sessionTarget) {
        return (user == null || user.equals(subject))
                && (since == null || !start.isBefore(since))
                && (until == null || start.isBefore(until))
                && (target == null || target.equals(sessionTarget));
    }
}
