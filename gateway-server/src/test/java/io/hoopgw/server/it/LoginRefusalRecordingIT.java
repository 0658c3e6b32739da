package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.AuditConfig;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.AuditRecorder;
import io.hoopgw.audit.read.AuditReader;
import io.hoopgw.audit.read.SessionFilter;
import io.hoopgw.audit.read.SessionList;
import io.hoopgw.audit.read.SessionSummary;
import io.hoopgw.audit.schema.LoginRefused;
import io.hoopgw.audit.schema.StartupParameter;
import io.hoopgw.server.session.DataPathControls;
import io.hoopgw.server.testing.GatewayHarness;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;

/**
 * Every login the gateway refuses after the client sent its token is recorded: which check failed, the identity
 * when the token was good, the target and where the client came from; never the token. Records are read back
 * with the audit library's readers.
 */
class LoginRefusalRecordingIT {
    private static final Duration RECORD_WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;

    private static Path auditDir;
    private static GatewayHarness harness;

    @BeforeAll
    static void start() throws Exception {
        JWK key = AuditKeys.generate(AuditKeys.Algorithm.ED25519);
        Path keyFile = dir.resolve("audit-key.jwk");
        AuditKeys.write(key, keyFile, dir.resolve("audit-key.pub.jwk"));
        auditDir = dir.resolve("audit");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        harness = GatewayHarness.builder()
                .section("audit:\n  directory: " + auditDir + "\n  signingKey: {file: " + keyFile + "}\n")
                .target("deadend", """
                        host: 127.0.0.1
                        port: %d
                        tls: {mode: disable}
                        defaultRole: app
                        roles:
                          app: {password: {value: never-used}}
                        """.formatted(closedPort))
                .grant("{name: deadend, groups: [writers], targets: [deadend], roles: [app]}")
                .start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void aRejectedTokenIsRecordedWithItsCheckButNotTheToken() throws Exception {
        String application = marker();
        String token = "hunter2.not-a-jwt.at-all";

        SQLException refusal = refuse(harness.jdbcUrl(), harness.writerRole(), token, application);

        assertThat(refusal.getSQLState()).isEqualTo("28P01");
        LoginRefused record = recorded(application);
        assertThat(record.getFailedCheck()).isEqualTo("token:malformed");
        assertThat(record.getSqlState()).isEqualTo("28P01");
        assertThat(record.getMessage()).startsWith("hoopgw: token rejected: ");
        assertThat(record.getIdentity()).isNull();
        assertThat(record.getTarget()).isEqualTo(harness.target());
        assertThat(record.getConnection().getClientAddress()).isEqualTo("127.0.0.1");
        assertThat(record.getConnection().getClientPort()).isPositive();
        assertThat(record.getConnection().getTlsVersion()).startsWith("TLSv1.");
        assertThat(record.getConnection().getStartupParameters()).extracting(StartupParameter::getName)
                .contains("user", "database", "application_name");
        assertThat(record.toString()).doesNotContain(token).doesNotContain("hunter2");
    }

    @Test
    void anExpiredTokenNamesTheExpiryCheck() throws Exception {
        String application = marker();
        String expired = harness.identityProvider().minter()
                .withClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)))
                .mint("late@example.com", List.of("writers"), Duration.ofMinutes(5));

        SQLException refusal = refuse(harness.jdbcUrl(), harness.writerRole(), expired, application);

        assertThat(refusal.getSQLState()).isEqualTo("28P01");
        assertThat(recorded(application).getFailedCheck()).isEqualTo("token:expired");
    }

    @Test
    void aRefusedGrantIsRecordedWithTheIdentity() throws Exception {
        String application = marker();

        SQLException refusal = refuse(harness.jdbcUrl(), harness.writerRole(),
                harness.token("reader@example.com", "readers"), application);

        assertThat(refusal.getSQLState()).isEqualTo("28000");
        LoginRefused record = recorded(application);
        assertThat(record.getFailedCheck()).isEqualTo("grant");
        assertThat(record.getSqlState()).isEqualTo("28000");
        assertThat(record.getMessage()).isEqualTo(((PSQLException) refusal).getServerErrorMessage().getMessage())
                .startsWith("hoopgw: ");
        assertThat(record.getIdentity().getSubject()).isEqualTo("reader@example.com");
        assertThat(record.getIdentity().getGroups()).containsExactly("readers");
        assertThat(record.getTarget()).isEqualTo(harness.target());

        SessionSummary listed = SessionList.list(auditDir, SessionFilter.all(), problem -> { }).stream()
                .filter(s -> application.equals(s.application())).findFirst().orElseThrow();
        assertThat(listed.subject()).isEqualTo("reader@example.com");
        assertThat(listed.status()).isEqualTo("refused: grant (28000)");
    }

    @Test
    void anUnreachableTargetIsRecordedAsAnUpstreamRefusal() throws Exception {
        String application = marker();

        SQLException refusal = refuse("jdbc:postgresql://127.0.0.1:" + harness.port() + "/deadend?sslmode=require",
                "app", harness.token("writer@example.com", "writers"), application);

        assertThat(refusal.getSQLState()).isEqualTo("08001");
        LoginRefused record = recorded(application);
        assertThat(record.getFailedCheck()).isEqualTo("upstream");
        assertThat(record.getSqlState()).isEqualTo("08001");
        assertThat(record.getIdentity().getSubject()).isEqualTo("writer@example.com");
        assertThat(record.getTarget()).isEqualTo("deadend");
    }

    @Test
    void aRefusalIsSentEvenWhenItCannotBeRecorded() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file where the audit directory would go");
        JWK key = AuditKeys.generate(AuditKeys.Algorithm.ED25519);
        try (AuditRecorder broken = AuditRecorder.open(AuditConfig.builder(blocker.resolve("audit"), "broken", key)
                .build());
                GatewayHarness failing = GatewayHarness.builder()
                        .controls(stateDir -> DataPathControls.NONE.withAudit(broken)).start()) {
            SQLException refusal = refuse(failing.jdbcUrl(), failing.writerRole(), "not-a-token", marker());

            assertThat(refusal.getSQLState()).isEqualTo("28P01");
            assertThat(broken.healthy()).isFalse();
        }
    }

    private static String marker() {
        return "refusal-" + UUID.randomUUID();
    }

    private static SQLException refuse(String url, String user, String token, String application) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", token);
        properties.setProperty("ApplicationName", application);
        // Otherwise pgjdbc sets application_name with a SET after login, and a refused login never gets there.
        properties.setProperty("assumeMinServerVersion", "9.0");
        SQLException refusal = catchThrowableOfType(SQLException.class,
                () -> DriverManager.getConnection(url, properties).close());
        assertThat((Object) refusal).as("the login must be refused").isNotNull();
        return refusal;
    }

    /** The refusal whose client sent {@code application} as application_name, once it is on disk. */
    private static LoginRefused recorded(String application) throws Exception {
        long deadline = System.nanoTime() + RECORD_WAIT.toNanos();
        while (true) {
            Optional<LoginRefused> found = refusals().stream()
                    .filter(r -> application.equals(r.getConnection().getApplicationName()))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }

            assertThat(System.nanoTime()).as("refusal of %s recorded", application).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static List<LoginRefused> refusals() throws Exception {
        List<LoginRefused> refusals = new ArrayList<>();
        AuditReader.forEach(auditDir, entry -> {
            if (entry.record().getPayload() instanceof LoginRefused refused) {
                refusals.add(refused);
            }
        }, problem -> { });
        return refusals;
    }
}
