package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hoopgw.server.config.ConfigLoader;
import io.hoopgw.server.config.TargetConfig;
import io.hoopgw.server.mask.CatalogLookupException;
import io.hoopgw.server.mask.ColumnCatalog.ColumnName;
import io.hoopgw.server.mask.ColumnCatalog.ColumnRef;
import io.hoopgw.server.mask.PostgresColumnCatalog;
import io.hoopgw.server.postgres.LocalPostgres;
import io.hoopgw.server.testing.GatewayHarness;
import io.hoopgw.server.tls.ServerTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The gateway logs in upstream with the method PostgreSQL asks for (MD5, cleartext password, trust, SCRAM with and
 * without channel binding) when the target's {@code auth} allows it, over plain TCP or TLS, and fails closed with
 * 08001 when its credential or the server's certificate is wrong or the server asks for a method not allowed.
 *
 * <p>Runs its own PostgreSQL: the shared one's pg_hba.conf allows only SCRAM, and this one needs per-role rules and
 * a server certificate.
 */
class UpstreamAuthenticationIT {
    private static final String SCRAM_PASSWORD = "scram-user-secret";
    private static final String MD5_PASSWORD = "md5-user-secret";
    private static final String CLEARTEXT_PASSWORD = "pw-user-secret";
    private static final String WRONG_PASSWORD = "not-the-scram-password";
    private static final String GROUP = "upstream-auth";

    private static LocalPostgres postgres;
    private static Path certDir;
    private static GatewayHarness harness;

    @BeforeAll
    static void start() throws Exception {
        postgres = LocalPostgres.start(LocalPostgres.Options.builder()
                .hbaLine("host all md5_user 127.0.0.1/32 md5")
                .hbaLine("host all pw_user 127.0.0.1/32 password")
                .hbaLine("host all trust_user 127.0.0.1/32 trust")
                .build());
        postgres.execute("postgres", "SET password_encryption = 'md5';"
                + " CREATE ROLE md5_user LOGIN PASSWORD '" + MD5_PASSWORD + "'");
        postgres.execute("postgres", "CREATE ROLE pw_user LOGIN PASSWORD '" + CLEARTEXT_PASSWORD + "'");
        postgres.execute("postgres", "CREATE ROLE trust_user LOGIN");
        postgres.execute("postgres", "CREATE ROLE scram_user LOGIN PASSWORD '" + SCRAM_PASSWORD + "'");

        certDir = Files.createTempDirectory("hoopgw-upstream-tls-");
        ServerTls.selfSigned("127.0.0.1", certDir.resolve("server"));
        ServerTls.selfSigned("127.0.0.1", certDir.resolve("other"));
        enableTls(certDir.resolve("server"));

        harness = GatewayHarness.builder()
                .target("md5t", target("disable", null, "md5_user", MD5_PASSWORD) + "auth: [md5]\n")
                .target("pwt", target("disable", null, "pw_user", CLEARTEXT_PASSWORD) + "auth: [password]\n")
                .target("trustt", target("disable", null, "trust_user", null) + "auth: [trust]\n")
                .target("md5refused", target("disable", null, "md5_user", MD5_PASSWORD))
                .target("trustrefused", target("disable", null, "trust_user", null) + "auth: [scram-sha-256, md5]\n")
                .target("scramt", target("disable", null, "scram_user", SCRAM_PASSWORD))
                .target("wrongpw", target("disable", null, "scram_user", WRONG_PASSWORD))
                .target("tlsreq", target("require", null, "scram_user", SCRAM_PASSWORD))
                .target("tlsverify", target("verify-full",
                        ServerTls.selfSignedCertificateFile(certDir.resolve("server")), "scram_user", SCRAM_PASSWORD))
                .target("tlswrongca", target("verify-full",
                        ServerTls.selfSignedCertificateFile(certDir.resolve("other")), "scram_user", SCRAM_PASSWORD))
                .grant("{name: upstream-auth, groups: [" + GROUP + "], targets: [md5t, pwt, trustt, scramt, wrongpw,"
                        + " tlsreq, tlsverify, tlswrongca, md5refused, trustrefused], roles: [\"*\"]}")
                .start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (harness != null) {
            harness.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (certDir != null) {
            try (Stream<Path> files = Files.walk(certDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @ParameterizedTest(name = "{0} as {1}, upstream TLS {2}")
    @CsvSource({
        "md5t, md5_user, false",
        "pwt, pw_user, false",
        "trustt, trust_user, false",
        "scramt, scram_user, false",
        "tlsreq, scram_user, true",
        "tlsverify, scram_user, true",
    })
    void gatewayLogsInUpstream(String target, String role, boolean tls) throws SQLException {
        try (Connection connection = connect(target, role);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_user, (SELECT ssl FROM pg_stat_ssl"
                        + " WHERE pid = pg_backend_pid())")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(role);
            assertThat(rs.getBoolean(2)).as("upstream session uses TLS").isEqualTo(tls);
        }
    }

    @Test
    void wrongUpstreamPasswordGives08001NamingTheTarget() {
        String token = harness.token("auth@example.com", GROUP);

        SQLException refusal = refuse("wrongpw", "scram_user", token);

        assertThat(refusal.getSQLState()).as(refusal.getMessage()).isEqualTo("08001");
        assertThat(refusal.getMessage()).contains("hoopgw: ").contains("\"wrongpw\"")
                .doesNotContain(WRONG_PASSWORD).doesNotContain(SCRAM_PASSWORD).doesNotContain(token);
    }

    @Test
    void verifyFullWithTheWrongCaGives08001() {
        String token = harness.token("auth@example.com", GROUP);

        SQLException refusal = refuse("tlswrongca", "scram_user", token);

        assertThat(refusal.getSQLState()).as(refusal.getMessage()).isEqualTo("08001");
        assertThat(refusal.getMessage()).contains("hoopgw: ").contains("tlswrongca").doesNotContain(token)
                .doesNotContain(SCRAM_PASSWORD);
    }

    @Test
    void aScramOnlyTargetRefusesAServerThatAsksForMd5() {
        String token = harness.token("auth@example.com", GROUP);

        SQLException refusal = refuse("md5refused", "md5_user", token);

        assertThat(refusal.getSQLState()).as(refusal.getMessage()).isEqualTo("08001");
        assertThat(refusal.getMessage()).contains("hoopgw: cannot open a session on target \"md5refused\"")
                .doesNotContain(MD5_PASSWORD).doesNotContain(token);
    }

    @Test
    void aTargetWithoutTrustRefusesAServerThatAsksForNothing() {
        String token = harness.token("auth@example.com", GROUP);

        SQLException refusal = refuse("trustrefused", "trust_user", token);

        assertThat(refusal.getSQLState()).as(refusal.getMessage()).isEqualTo("08001");
        assertThat(refusal.getMessage()).contains("cannot open a session on target \"trustrefused\"");
    }

    /**
     * The CancelRequest to a TLS target goes over TLS (SSLRequest and handshake first); PostgreSQL accepts it there
     * and cancels the query.
     */
    @Test
    void cancelThroughATlsTargetStopsTheQuery() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Connection connection = connect("tlsreq", "scram_user");
                Statement statement = connection.createStatement()) {
            String marker = "tls-cancel-" + UUID.randomUUID();
            Future<?> running = executor.submit(() -> statement.executeQuery("SELECT pg_sleep(30) /* " + marker
                    + " */"));
            Upstream.await("the query to start", () -> activeQueries(marker) > 0);

            statement.cancel();

            assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
            try (ResultSet rs = statement.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).as("the cancelled session used TLS").isTrue();
            }
        } finally {
            executor.shutdownNow();
        }
    }

    /**
     * The masking column catalog logs in upstream by the same rules as sessions: the target's TLS mode (pgjdbc's
     * sslmode of the same name, verify-full against the target's CA) and only the login methods the target allows.
     */
    @ParameterizedTest(name = "catalog of {0}")
    @CsvSource({
        "md5t, false, ",
        "pwt, false, ",
        "trustt, false, ",
        "scramt, false, ",
        "tlsreq, true, ",
        "tlsverify, true, ",
        "tlswrongca, true, PKIX path",
        "md5refused, false, asked for md5 authentication, which the target does not allow",
        "wrongpw, false, password authentication failed",
    })
    void theColumnCatalogLogsInLikeSessions(String target, boolean tls, String failure) throws Exception {
        ColumnRef relname = new ColumnRef(1259, (short) 2);
        try (PostgresColumnCatalog catalog = PostgresColumnCatalog.create(catalogTargets().values(),
                Duration.ofMinutes(5), Duration.ofSeconds(5))) {
            var names = catalog.names(target, Set.of(relname));
            if (failure == null) {
                assertThat(names.get(10, TimeUnit.SECONDS))
                        .containsExactly(Map.entry(relname, new ColumnName("pg_catalog", "pg_class", "relname")));
                assertThat(catalogSessionsWithTls(tls)).as("catalog sessions with ssl = %s", tls).isPositive();
            } else {
                assertThatThrownBy(() -> names.get(10, TimeUnit.SECONDS)).cause()
                        .isInstanceOf(CatalogLookupException.class).hasMessageContaining(failure)
                        .hasMessageNotContaining(SCRAM_PASSWORD).hasMessageNotContaining(MD5_PASSWORD);
            }
        }
    }

    @Test
    void theColumnCatalogCannotRefuseATrustLogin() throws Exception {
        // pgjdbc cannot tell that a server let it in without asking, so trustrefused is not refused by the catalog:
        // nothing derived from the password was sent, and the catalog only reads names.
        try (PostgresColumnCatalog catalog = PostgresColumnCatalog.create(catalogTargets().values(),
                Duration.ofMinutes(5), Duration.ofSeconds(5))) {
            assertThat(catalog.names("trustrefused", Set.of(new ColumnRef(1259, (short) 2))).get(10,
                    TimeUnit.SECONDS)).hasSize(1);
        }
    }

    private static int catalogSessionsWithTls(boolean tls) throws SQLException {
        try (Connection direct = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.superuser(),
                postgres.superuserPassword());
                PreparedStatement query = direct.prepareStatement("SELECT count(*) FROM pg_stat_activity a"
                        + " JOIN pg_stat_ssl s USING (pid) WHERE a.application_name = 'hoopgw column catalog'"
                        + " AND s.ssl = ?")) {
            query.setBoolean(1, tls);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Map<String, TargetConfig> catalogTargets() throws Exception {
        Path ca = ServerTls.selfSignedCertificateFile(certDir.resolve("server"));
        Path otherCa = ServerTls.selfSignedCertificateFile(certDir.resolve("other"));
        StringBuilder targets = new StringBuilder();
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("md5t", target("disable", null, "md5_user", MD5_PASSWORD) + "auth: [md5]\n");
        bodies.put("pwt", target("disable", null, "pw_user", CLEARTEXT_PASSWORD) + "auth: [password]\n");
        bodies.put("trustt", target("disable", null, "trust_user", null) + "auth: [trust]\n");
        bodies.put("md5refused", target("disable", null, "md5_user", MD5_PASSWORD));
        bodies.put("trustrefused", target("disable", null, "trust_user", null) + "auth: [scram-sha-256, md5]\n");
        bodies.put("scramt", target("disable", null, "scram_user", SCRAM_PASSWORD));
        bodies.put("wrongpw", target("disable", null, "scram_user", WRONG_PASSWORD));
        bodies.put("tlsreq", target("require", null, "scram_user", SCRAM_PASSWORD));
        bodies.put("tlsverify", target("verify-full", ca, "scram_user", SCRAM_PASSWORD));
        bodies.put("tlswrongca", target("verify-full", otherCa, "scram_user", SCRAM_PASSWORD));
        bodies.forEach((name, body) -> {
            targets.append("  ").append(name).append(":\n");
            body.lines().forEach(line -> targets.append("    ").append(line).append('\n'));
        });
        return ConfigLoader.parse("""
                listeners: [{host: 127.0.0.1, port: 0, allowPlaintext: true}]
                issuers: [{issuer: https://idp.example.com, audience: hoopgw, groupsClaim: groups}]
                targets:
                """ + targets, "catalog.yaml").targets();
    }

    private static int activeQueries(String marker) {
        Properties properties = new Properties();
        properties.setProperty("user", postgres.superuser());
        properties.setProperty("password", postgres.superuserPassword());
        try (Connection direct = DriverManager.getConnection(postgres.jdbcUrl("postgres"), properties);
                PreparedStatement activity = direct.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE ?")) {
            activity.setString(1, "%" + marker + "%");
            try (ResultSet rs = activity.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pg_stat_activity: " + e.getMessage(), e);
        }
    }

    private static Connection connect(String target, String role) throws SQLException {
        return DriverManager.getConnection(url(target), login(role, harness.token("auth@example.com", GROUP)));
    }

    private static SQLException refuse(String target, String role, String token) {
        SQLException refusal = catchThrowableOfType(SQLException.class,
                () -> DriverManager.getConnection(url(target), login(role, token)).close());
        assertThat((Object) refusal).as("the login must fail").isNotNull();
        return refusal;
    }

    private static String url(String target) {
        return "jdbc:postgresql://127.0.0.1:" + harness.port() + "/" + target + "?sslmode=require";
    }

    private static Properties login(String role, String token) {
        Properties properties = new Properties();
        properties.setProperty("user", role);
        properties.setProperty("password", token);
        return properties;
    }

    private static String target(String tlsMode, Path caFile, String role, String password) {
        String tls = caFile == null ? "{mode: " + tlsMode + "}" : "{mode: " + tlsMode + ", caFile: \"" + caFile + "\"}";
        return """
                host: 127.0.0.1
                port: %d
                database: postgres
                tls: %s
                roles:
                  %s: %s
                """.formatted(postgres.port(), tls, role,
                password == null ? "{}" : "{password: {value: \"" + password + "\"}}");
    }

    /**
     * Turns TLS on in the running server. PostgreSQL reads its key only if the key belongs to the server's user (mode
     * 0600) or root, and the server's user depends on how LocalPostgres dropped root here (a user namespace, where our
     * files already look like the server's own, or setpriv to nobody, where they must be handed over): the owner of
     * the server's log file tells which. SSL settings take effect on reload.
     */
    private static void enableTls(Path dir) throws IOException, SQLException {
        Path cert = ServerTls.selfSignedCertificateFile(dir);
        Path key = dir.resolve("selfsigned-key.pem");
        UserPrincipal serverUser = Files.getOwner(postgres.logFile().orElseThrow());
        for (Path path : new Path[] {certDir, dir, cert, key}) {
            Files.setOwner(path, serverUser);
        }
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(certDir, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        postgres.execute("postgres", "ALTER SYSTEM SET ssl_cert_file = '" + cert + "'");
        postgres.execute("postgres", "ALTER SYSTEM SET ssl_key_file = '" + key + "'");
        postgres.execute("postgres", "ALTER SYSTEM SET ssl = on");
        postgres.execute("postgres", "SELECT pg_reload_conf()");
        Upstream.await("the server accepts TLS", () -> {
            Properties properties = new Properties();
            properties.setProperty("user", postgres.superuser());
            properties.setProperty("password", postgres.superuserPassword());
            properties.setProperty("sslmode", "require");
            try (Connection direct = DriverManager.getConnection(postgres.jdbcUrl("postgres"), properties)) {
                return true;
            } catch (SQLException e) {
                return false;
            }
        });
    }
}
