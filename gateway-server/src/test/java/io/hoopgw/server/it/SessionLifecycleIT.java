package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hoopgw.core.protocol.backend.BackendKeyData;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.server.testing.GatewayHarness;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How sessions end: a client leaving takes its upstream backend with it, an upstream backend killed mid-session
 * ends the client's session with an error, and only a CancelRequest with the right key cancels anything.
 */
class SessionLifecycleIT {
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
    void clientDisconnectEndsTheUpstreamBackend() throws SQLException {
        String app = "lifecycle-disconnect";
        try (Connection connection = harness.connectAsWriter(applicationName(app))) {
            assertThat(connection.isValid(5)).isTrue();
            assertThat(Upstream.backends(harness, app)).isEqualTo(1);
        }
        Upstream.awaitNoBackend(harness, app);
        Upstream.await("the gateway forgets the session", () -> harness.gateway().sessions() == 0);
    }

    /**
     * A client that stops reading while PostgreSQL streams to it, keeps sending until the gateway stops reading
     * it, then vanishes: both directions are backed up, and the upstream session must still end promptly rather
     * than wait forever on a flush PostgreSQL will never read.
     */
    @Test
    void aStalledClientThatVanishesLeavesNoBlockedBackend() throws Exception {
        String app = "lifecycle-stalled-vanish";
        RawPgClient client = RawPgClient.connect(harness.port());
        client.login(Map.of("user", harness.writerRole(), "database", harness.target(), "application_name", app),
                harness.token("writer@example.com", "writers"));
        byte[] bigResult = RawPgClient.query("SELECT repeat('x', 1000) FROM generate_series(1, 200000)");
        client.send(bigResult);
        Upstream.await("PostgreSQL blocks writing to the stalled client",
                () -> "ClientWrite".equals(waitEvent(app)));
        byte[] filler = RawPgClient.query("SELECT '" + "y".repeat(8192) + "'");
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 20_000; i++) {
                    client.send(filler);
                }
            } catch (IOException expected) {
                // The socket is closed under the writer once it has blocked.
            }
        }, "stalled-client-writer");
        writer.setDaemon(true);
        writer.start();
        // Let the writer fill every buffer between it and PostgreSQL, which is not reading.
        writer.join(2_000);

        client.close();

        Upstream.awaitNoBackend(harness, app);
        Upstream.await("the gateway forgets the session", () -> harness.gateway().sessions() == 0);
    }

    private static String waitEvent(String app) {
        try (Connection direct = harness.connectDirectly();
                PreparedStatement statement = direct.prepareStatement(
                        "SELECT wait_event FROM pg_stat_activity WHERE application_name = ?")) {
            statement.setString(1, app);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aGatewayShutdownEndsSessionsLikePostgresDoes() throws SQLException {
        String app = "lifecycle-shutdown";
        GatewayHarness own = GatewayHarness.start();
        try (Connection connection = own.connectAsWriter(applicationName(app))) {
            assertThat(Upstream.backends(own, app)).isEqualTo(1);

            own.gateway().close();

            SQLException failure = catchThrowableOfType(SQLException.class,
                    () -> connection.createStatement().execute("SELECT 1"));
            assertThat(failure.getSQLState()).as(failure.getMessage()).isEqualTo("57P01");
            assertThat(failure.getMessage()).contains("hoopgw: terminating connection due to administrator command");
        } finally {
            own.close();
        }
        Upstream.awaitNoBackend(own, app);
    }

    @Test
    void upstreamKilledMidSessionFailsTheClientsNextQuery() throws SQLException {
        String app = "lifecycle-killed";
        Upstream.await("earlier sessions are gone", () -> harness.gateway().sessions() == 0);
        try (Connection connection = harness.connectAsWriter(applicationName(app))) {
            assertThat(harness.gateway().sessions()).isEqualTo(1);
            try (Connection direct = harness.connectDirectly();
                    PreparedStatement kill = direct.prepareStatement("SELECT pg_terminate_backend(pid) FROM"
                            + " pg_stat_activity WHERE datname = ? AND application_name = ?")) {
                kill.setString(1, harness.target());
                kill.setString(2, app);
                try (ResultSet rs = kill.executeQuery()) {
                    assertThat(rs.next()).as("the backend was found").isTrue();
                    assertThat(rs.getBoolean(1)).as("the backend was terminated").isTrue();
                }
            }

            SQLException failure = catchThrowableOfType(SQLException.class, () -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1");
                }
            });

            assertThat((Object) failure).as("the next query fails").isNotNull();
            assertThat(failure.getSQLState()).as(failure.getMessage()).isIn("57P01", "08006");
        }
        Upstream.await("the gateway forgets the session", () -> harness.gateway().sessions() == 0);
        Upstream.assertGatewayServes(harness);
    }

    @Test
    void cancelRequestWithTheWrongSecretCancelsNothing() throws IOException {
        String app = "lifecycle-wrong-cancel";
        try (KeyedClient client = loggedIn(app)) {
            BackendKeyData key = client.lastKey;
            byte[] wrongSecret = key.secretKey().clone();
            wrongSecret[0] ^= 0x5a;
            client.raw.send(RawPgClient.query("SELECT pg_sleep(2)"));
            awaitActive(app, "pg_sleep");

            sendCancel(key.processId(), wrongSecret);

            List<Character> tags = readUntilReady(client.raw);
            assertThat(tags).as("the query completed normally").contains('D', 'C').doesNotContain('E');
        }
    }

    @Test
    void cancelRequestWithTheRightSecretCancelsTheQuery() throws IOException {
        String app = "lifecycle-right-cancel";
        try (KeyedClient client = loggedIn(app)) {
            BackendKeyData key = client.lastKey;
            client.raw.send(RawPgClient.query("SELECT pg_sleep(8)"));
            awaitActive(app, "pg_sleep");
            long sent = System.nanoTime();

            sendCancel(key.processId(), key.secretKey());

            ErrorResponse error = client.raw.readError();
            assertThat(error.sqlState()).as(error.message()).isEqualTo("57014");
            assertThat(System.nanoTime() - sent).as("cancelled well before the sleep's end")
                    .isLessThan(5_000_000_000L);
            client.raw.readUntilReady();
        }
    }

    private static void sendCancel(int processId, byte[] secret) throws IOException {
        try (RawPgClient canceller = RawPgClient.connect(harness.port())) {
            canceller.send(RawPgClient.untagged(RawPgClient.CANCEL_REQUEST_CODE,
                    ByteBuffer.allocate(4 + secret.length).putInt(processId).put(secret).array()));
            // PostgreSQL (and so the gateway) answers a CancelRequest by closing, whatever the key.
            assertThat(canceller.closedWithin(java.time.Duration.ofSeconds(5))).isTrue();
        }
    }

    /** Waits until the upstream backend of {@code app} is running a query containing {@code text}. */
    private static void awaitActive(String app, String text) {
        Upstream.await("the query is running upstream", () -> {
            try (Connection direct = harness.connectDirectly();
                    PreparedStatement statement = direct.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                            + " WHERE application_name = ? AND state = 'active' AND query LIKE ?")) {
                statement.setString(1, app);
                statement.setString(2, "%" + text + "%");
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) == 1;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static List<Character> readUntilReady(RawPgClient client) throws IOException {
        List<Character> tags = new ArrayList<>();
        while (true) {
            RawPgClient.Message message = client.read();
            tags.add(message.tag());
            if (message.tag() == 'Z') {
                return tags;
            }
        }
    }

    private static Properties applicationName(String name) {
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", name);
        return properties;
    }

    /** A raw client with the key the gateway gave it. */
    private record KeyedClient(RawPgClient raw, BackendKeyData lastKey) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            raw.close();
        }
    }

    private static KeyedClient loggedIn(String app) throws IOException {
        RawPgClient raw = RawPgClient.connect(harness.port());
        BackendKeyData key = raw.login(Map.of("user", harness.writerRole(), "database", harness.target(),
                "application_name", app), harness.token("writer@example.com", "writers"));
        return new KeyedClient(raw, key);
    }
}
