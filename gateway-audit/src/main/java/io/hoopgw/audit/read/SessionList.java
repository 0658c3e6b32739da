package io.hoopgw.audit.read;

import io.hoopgw.audit.schema.Connection;
import io.hoopgw.audit.schema.LoginRefused;
import io.hoopgw.audit.schema.OutcomeKind;
import io.hoopgw.audit.schema.SessionEnded;
import io.hoopgw.audit.schema.SessionStarted;
import io.hoopgw.audit.schema.StatementOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Lists sessions and refused logins. Streams the records. */
public final class SessionList {
    private SessionList() {
    }

    /**
     * The sessions matching {@code filter}, in start order. Memory grows with the number of sessions listed; a
     * reader of a large directory should use {@link #forEach}.
     */
    public static List<SessionSummary> list(Path dir, SessionFilter filter, Consumer<ReadProblem> problems)
            throws IOException {
        List<SessionSummary> out = new ArrayList<>();
        forEach(dir, filter, out::add, problems);
        out.sort(Comparator.comparing(SessionSummary::started));
        return out;
    }

    /**
     * Hands over each session matching {@code filter} as soon as its end is read, a refused login at once, and the
     * sessions never ended (still open, or cut off by a crash) last, in start order. Memory holds only the sessions
     * open at one point of the log, however many sessions the directory holds.
     */
    public static void forEach(Path dir, SessionFilter filter, Consumer<SessionSummary> each,
            Consumer<ReadProblem> problems) throws IOException {
        Map<String, Builder> open = new LinkedHashMap<>();
        AuditReader.forEach(dir, entry -> {
            Object payload = entry.record().getPayload();
            Instant time = entry.record().getTime();
            if (payload instanceof SessionStarted s) {
                if (filter.matches(s.getIdentity().getSubject(), time, s.getTarget())) {
                    open.put(s.getSessionId(), new Builder(s.getSessionId(), time, s.getIdentity().getSubject(),
                            s.getTarget(), s.getUpstreamRole(), s.getConnection()));
                }
            } else if (payload instanceof LoginRefused r) {
                String subject = r.getIdentity() == null ? null : r.getIdentity().getSubject();
                if (filter.matches(subject, time, r.getTarget())) {
                    Builder b = new Builder(r.getSessionId(), time, subject, r.getTarget(), null, r.getConnection());
                    b.status = "refused: " + r.getFailedCheck() + " (" + r.getSqlState() + ")";
                    each.accept(b.build());
                }
            } else {
                String id = entry.sessionId();
                Builder b = id == null ? null : open.get(id);
                if (b == null) {
                    return;
                }
                if (payload instanceof StatementOutcome o && o.getKind() == OutcomeKind.FAILED) {
                    b.failed++;
                } else if (payload instanceof SessionEnded e) {
                    b.ended = time;
                    b.statements = e.getStatements();
                    b.status = "ended: " + e.getReason();
                    open.remove(id);
                    each.accept(b.build());
                } else if (entry.kind().equals("QueryStatement") || entry.kind().equals("ExecuteStatement")) {
                    b.statements++;
                }
            }
        }, problems);
        for (Builder b : open.values()) {
            each.accept(b.build());
        }
    }

    /** What a listed session needs, and no more: the whole start record would be kept per open session. */
    private static final class Builder {
        private final String id;
        private final Instant started;
        private final String subject;
        private final String target;
        private final String role;
        private final String client;
        private final String application;
        private Instant ended;
        private long statements;
        private long failed;
        private String status = "open";

        Builder(String id, Instant started, String subject, String target, String role, Connection connection) {
            this.id = id;
            this.started = started;
            this.subject = subject;
            this.target = target;
            this.role = role;
            this.client = connection.getClientAddress() + ":" + connection.getClientPort();
            this.application = connection.getApplicationName();
        }

        SessionSummary build() {
            return new SessionSummary(id, started, ended, subject, target, role, client, application, statements,
                    failed, status);
        }
    }
}
