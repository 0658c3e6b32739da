package io.hoopgw.audit;

import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.schema.OutcomeKind;
import io.hoopgw.core.auth.Identity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Test support: a key, a recorder configuration and realistic sessions. */
public final class AuditFixture {
    /** One key for the whole test JVM: generation is the slow part. */
    public static final JWK KEY = AuditKeys.generate(AuditKeys.Algorithm.ED25519);

    private AuditFixture() {
    }

    /** A configuration for {@code dir} with small, test-friendly limits. */
    public static AuditConfig.Builder config(Path dir) {
        return AuditConfig.builder(dir, "gw-test", KEY).checkpointRecords(5);
    }

    /** A client connection as the gateway would describe it. */
    public static ConnectionInfo connection(String application) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "app_reader");
        parameters.put("database", "sales");
        parameters.put("application_name", application);
        return new ConnectionInfo("127.0.0.1", 50123, "TLSv1.3", parameters);
    }

    /** An identity as the token verifier would produce it. */
    public static Identity identity(String subject) {
        return new Identity(subject, "https://idp.example", Set.of("readers", "analysts"), "jti-" + subject,
                Instant.parse("2030-01-01T00:00:00Z"));
    }

    /** Records a short session: start, one query with its outcome, end. Returns the session id. */
    public static String simpleSession(AuditRecorder recorder, String subject, String sql) throws Exception {
        SessionAudit session = recorder.sessionStarted(connection("psql"), identity(subject), "sales", "app_reader");
        session.started().get(10, TimeUnit.SECONDS);
        RecordedStatement statement = session.query(sql);
        statement.durable().get(10, TimeUnit.SECONDS);
        session.outcome(statement.number(), new Outcome(OutcomeKind.COMPLETED, "SELECT 1", 1L, null, null,
                Duration.ofMillis(2)));
        CompletableFuture<Void> end = session.sessionEnded("client terminated");
        end.get(10, TimeUnit.SECONDS);
        return session.id();
    }
}
