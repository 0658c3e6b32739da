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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Lists sessions and refused logins, in start order. Streams the records; memory grows with the number of
 * sessions listed, not with the records.
 */
public final class SessionList {
    private SessionList() {
    }

    /** The sessions matching {@code filter}. */
    public static List<SessionSummary> list(Path dir, SessionFilter filter, Consumer<ReadProblem> problems)
            throws IOException {
        Map<String, Builder> sessions = new LinkedHashMap<>();
        AuditReader.forEach(dir, entry -> {
            Object payload = entry.record().getPayload();
            Instant time = entry.record().getTime();
            if (payload instanceof SessionStarted s) {
                if (filter.matches(s.getIdentity().getSubject(), time, s.getTarget())) {
                    sessions.put(s.getSessionId(), new Builder(s.getSessionId(), time, s.getIdentity().getSubject(),
                            s.getTarget(), s.getUpstreamRole(), s.getConnection()));
                }
            } else if (payload instanceof LoginRefused r) {
                String subject = r.getIdentity() == null ? null : r.getIdentity().getSubject();
                if (filter.matches(subject, time, r.getTarget())) {
                    Builder b = new Builder(r.getSessionId(), time, subject, r.getTarget(), null, r.getConnection());
                    b.status = "refused: " + r.getFailedCheck() + " (" + r.getSqlState() + ")";
                    sessions.put(r.getSessionId(), b);
                }
            } else {
                String id = entry.sessionId();
                Builder b = id == null ? null : sessions.get(id);
                if (b == null) {
                    return;
                }
                if (payload instanceof StatementOutcome o && o.getKind() == OutcomeKind.FAILED) {
                    b.failed++;
                } else if (payload instanceof SessionEnded e) {
                    b.ended = time;
                    b.statements = e.getStatements();
                    b.status = "ended: " + e.getReason();
                } else if (entry.kind().equals("QueryStatement") || entry.kind().equals("ExecuteStatement")) {
                    b.statements++;
                }
            }
        }, problems);
        List<SessionSummary> out = new ArrayList<>(sessions.size());
        for (Builder b : sessions.values()) {
            out.add(b.build());
        }
        return out;
    }

    private static final class Builder {
        private final String id;
        private final Instant started;
        private final String subject;
        private final String target;
        private final String role;
        private final Connection connection;
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
            this.connection = connection;
        }

        SessionSummary build() {
            return new SessionSummary(id, started, ended, subject, target, role,
                    connection.getClientAddress() + ":" + connection.getClientPort(), connection.getApplicationName(),
                    statements, failed, status);
        }
    }
}
