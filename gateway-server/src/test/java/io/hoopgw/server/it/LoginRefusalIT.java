package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.server.testing.GatewayHarness;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Logins the gateway refuses for reasons other than the token (no grant, a refused startup parameter, plaintext,
 * limits), and the timeouts that close connections that never log in or go quiet.
 */
class LoginRefusalIT {
    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void unknownTargetIsRefusedWithoutAnUpstreamAttempt() {
        long attempts = harness.gateway().upstreamConnectAttempts();
        Properties properties = login(harness.writerRole(), harness.token("writer@example.com", "writers"));

        SQLException refusal = refuse(() -> DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + harness.port() + "/no_such_target?sslmode=require", properties));

        assertThat(refusal.getSQLState()).as(refusal.getMessage()).isEqualTo("28000");
        assertThat(refusal.getMessage()).contains("hoopgw: ").contains("no_such_target");
        assertThat(harness.gateway().upstreamConnectAttempts()).isEqualTo(attempts);
    }

    @Test
    void readerAskingForTheWriterRoleIsRefused() {
        long attempts = harness.gateway().upstreamConnectAttempts();

        SQLException refusal = refuse(() -> DriverManager.getConnection(harness.jdbcUrl(),
                login(harness.writerRole(), harness.token("reader@example.com", "readers"))));

        assertThat(refusal.getSQLState()).as(refusal.getMessage()).isEqualTo("28000");
        assertThat(refusal.getMessage()).contains("hoopgw: ").contains(harness.writerRole());
        assertThat(harness.gateway().upstreamConnectAttempts()).isEqualTo(attempts);
    }

    @Test
    void userThatIsNotAConfiguredRoleIsRefused() {
        long attempts = harness.gateway().upstreamConnectAttempts();

        SQLException refusal = refuse(() -> DriverManager.getConnection(harness.jdbcUrl(),
                login("postgres", harness.token("writer@example.com", "writers"))));

        assertThat(refusal.getSQLState()).as(refusal.getMessage()).isEqualTo("28000");
        assertThat(refusal.getMessage()).contains("hoopgw: ").contains("postgres");
        assertThat(harness.gateway().upstreamConnectAttempts()).isEqualTo(attempts);
    }

    @Test
    void optionsStartupParameterIsRefused() {
        Properties extra = new Properties();
        extra.setProperty("options", "-c default_transaction_read_only=off");

        SQLException refusal = refuse(() -> harness.connectAsWriter(extra));

        assertThat(refusal.getSQLState()).as(refusal.getMessage()).isEqualTo("0A000");
        assertThat(refusal.getMessage()).contains("hoopgw: ").contains("\"options\"");
    }

    @Test
    void plaintextIsRefusedWhenTheListenerRequiresTls() throws SQLException {
        try (GatewayHarness tlsOnly = GatewayHarness.builder().allowPlaintext(false).start()) {
            Properties properties = login(tlsOnly.writerRole(), tlsOnly.token("writer@example.com", "writers"));
            properties.setProperty("sslmode", "disable");

            SQLException refusal = refuse(() -> DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + tlsOnly.port() + "/" + tlsOnly.target(), properties));

            assertThat(refusal.getSQLState()).as(refusal.getMessage()).isEqualTo("28000");
            assertThat(refusal.getMessage()).contains("hoopgw: ").contains("sslmode=require");
            // The same gateway serves a client that asks for TLS.
            Upstream.assertGatewayServes(tlsOnly);
        }
    }

    @Test
    void connectionBeyondTheLimitIsRefusedUntilOneCloses() throws SQLException {
        try (GatewayHarness limited = GatewayHarness.builder().limit("maxConnections: 2").start()) {
            Connection first = limited.connectAsWriter();
            try (Connection second = limited.connectAsWriter()) {
                SQLException refusal = refuse(limited::connectAsWriter);

                assertThat(refusal.getSQLState()).as(refusal.getMessage()).isEqualTo("53300");
                assertThat(refusal.getMessage()).contains("hoopgw: ").contains("too many");
                assertThat(second.isValid(5)).isTrue();
            } finally {
                first.close();
            }
            Upstream.await("the gateway counts the closed connections", () -> limited.gateway().connections() == 0);
            try (Connection again = limited.connectAsWriter(); Connection another = limited.connectAsWriter()) {
                assertThat(again.isValid(5)).isTrue();
                assertThat(another.isValid(5)).isTrue();
            }
        }
    }

    @Test
    void startupTimeoutClosesSilentAndPasswordlessClients() throws IOException {
        try (GatewayHarness impatient = GatewayHarness.builder().limit("startupTimeout: 1s").start()) {
            try (RawPgClient silent = RawPgClient.connect(impatient.port())) {
                assertThat(silent.closedWithin(Duration.ofSeconds(5))).as("silent client closed").isTrue();
            }

            try (RawPgClient stalled = RawPgClient.connect(impatient.port())) {
                stalled.send(RawPgClient.startupMessage(RawPgClient.PROTOCOL_3_0,
                        Map.of("user", impatient.writerRole(), "database", impatient.target())));
                assertThat(stalled.read().authenticationCode()).as("asked for the token").isEqualTo(3);
                long asked = System.nanoTime();

                ErrorResponse error = stalled.readError();

                assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(5));
                assertThat(error.severity()).isEqualTo(ErrorResponse.Severity.FATAL);
                assertThat(error.sqlState()).isEqualTo("57014");
                assertThat(error.message()).startsWith("hoopgw: ").contains("timeout");
                assertThat(stalled.closedWithin(Duration.ofSeconds(5))).as("closed after the error").isTrue();
            }
            assertThat(impatient.gateway().upstreamConnectAttempts()).isZero();
        }
    }

    @Test
    void idleTimeoutClosesAQuietSession() throws SQLException {
        try (GatewayHarness strict = GatewayHarness.builder().limit("idleTimeout: 1s").start();
                Connection connection = strict.connectAsWriter()) {
            assertThat(strict.gateway().sessions()).isEqualTo(1);

            Upstream.await("the idle session is closed", () -> strict.gateway().sessions() == 0);
            SQLException failure = catchThrowableOfType(SQLException.class, () -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1");
                }
            });

            assertThat((Object) failure).as("a query on the closed session fails").isNotNull();
            assertThat(failure.getSQLState()).as(failure.getMessage()).isEqualTo("57P05");
            assertThat(failure.getMessage()).contains("idle");
        }
    }

    private static Properties login(String user, String token) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", token);
        return properties;
    }

    private interface Login {
        Connection open() throws SQLException;
    }

    /** Runs a login that must fail and returns its SQLException. */
    private static SQLException refuse(Login login) {
        SQLException refusal = catchThrowableOfType(SQLException.class, () -> login.open().close());
        assertThat((Object) refusal).as("the login must be refused").isNotNull();
        return refusal;
    }
}
