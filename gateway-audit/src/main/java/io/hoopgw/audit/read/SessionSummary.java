package io.hoopgw.audit.read;

import java.time.Instant;

/**
 * One session (or refused login) as listed.
 *
 * @param sessionId    the session id
 * @param started      when it started (or was refused)
 * @param ended        when it ended, null while open or when the end was not recorded
 * @param subject      the identity's subject, null for a refusal before the token verified
 * @param target       the target, null when unknown
 * @param upstreamRole the upstream role, null for a refusal
 * @param client       {@code address:port}
 * @param application  {@code application_name}, null when not sent
 * @param statements   statements recorded
 * @param failed       statements that failed
 * @param status       {@code open}, {@code ended: <reason>} or {@code refused: <check>}
 */
public record SessionSummary(String sessionId, Instant started, Instant ended, String subject, String target,
        String upstreamRole, String client, String application, long statements, long failed, String status) {
    /** One line: start, id, subject, target, role, client, application, counts, status. */
    public String line() {
        return started + "  " + sessionId + "  " + nullDash(subject) + "  " + nullDash(target) + "  "
                + nullDash(upstreamRole) + "  " + client + "  " + nullDash(application) + "  " + statements
                + " statements, " + failed + " failed  " + status;
    }

    private static String nullDash(String s) {
        return s == null ? "-" : s;
    }
}
