package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.schema.SessionEnded;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.server.testing.GatewayHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The idle timeout closes a session only once PostgreSQL has answered everything the client asked: a long
 * statement is not idleness, and a session that is done is idle even when its client sent Syncs that PostgreSQL
 * ignores (those sent during COPY FROM STDIN get no ReadyForQuery). Both relays, the plain one and the one that
 * records, keep that count.
 */
class IdleTimeoutIT {
    private static final Duration IDLE = Duration.ofSeconds(1);
    private static GatewayHarness plain;
    private static GatewayHarness recording;

    @TempDir
    static Path keys;

    @BeforeAll
    static void start() throws Exception {
        Path keyFile = keys.resolve("audit.jwk");
        AuditKeys.write(AuditKeys.generate(AuditKeys.Algorithm.ED25519), keyFile, keys.resolve("audit.pub.jwk"));
        plain = GatewayHarness.builder().limit("idleTimeout: 1s").start();
        recording = GatewayHarness.builder().limit("idleTimeout: 1s").section("""
                audit:
                  directory: %state%/audit
                  signingKey: {file: KEY}
                """.replace("KEY", keyFile.toString())).start();
        for (GatewayHarness harness : List.of(plain, recording)) {
            try (Connection c = harness.connectAsWriter(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE idle_copy (id int, name text)");
            }
        }
    }

    @AfterAll
    static void stop() {
        if (plain != null) {
            plain.close();
        }
        if (recording != null) {
            recording.close();
        }
    }

    /** The relays by name (JUnit would close a harness passed as an argument after each invocation). */
    static Stream<String> relays() {
        return Stream.of("plain", "recording");
    }

    private static RawPgClient login(String relay, String app) throws IOException {
        GatewayHarness harness = relay.equals("plain") ? plain : recording;
        RawPgClient client = RawPgClient.connect(harness.port());
        client.login(Map.of("user", harness.writerRole(), "database", harness.target(), "application_name", app),
                harness.token("idle@example.com", "writers"));
        return client;
    }

    private static byte[] copyData(String line) {
        return RawPgClient.message('d', line.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] copyDone() {
        return RawPgClient.message('c', new byte[0]);
    }

    /** Reads up to ReadyForQuery, failing on an error; returns the tags seen. */
    private static String tagsUpToReady(RawPgClient client) throws IOException {
        StringBuilder tags = new StringBuilder();
        while (true) {
            RawPgClient.Message message = client.read();
            assertThat(message.tag()).as("no error, after %s", tags).isNotEqualTo(ErrorResponse.TAG);
            tags.append(message.tag());
            if (message.tag() == 'Z') {
                return tags.toString();
            }
        }
    }

    /** The session ends with the idle timeout's error; when recorded, its end names that reason. */
    private static void assertClosedForIdleness(String relay, String app, RawPgClient client) throws IOException {
        ErrorResponse error = client.readError();
        assertThat(error.sqlState()).isEqualTo("57P05");
        assertThat(client.closedWithin(Duration.ofSeconds(5))).as("closed after the error").isTrue();
        if (relay.equals("recording")) {
            SessionEnded end = RecordedSession.await(recording.stateDir().resolve("audit"), app)
                    .only(SessionEnded.class);
            assertThat(end.getReason()).contains("idle-session timeout");
            assertThat(error.message()).endsWith(end.getReason());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("relays")
    void aStatementRunningLongerThanTheTimeoutIsNotIdleness(String relay)
            throws Exception {
        String app = "idle-long-" + relay;
        try (RawPgClient client = login(relay, app)) {
            client.send(RawPgClient.query("SELECT pg_sleep(" + IDLE.multipliedBy(2).toMillis() / 1000.0 + ")"));
            assertThat(tagsUpToReady(client)).isEqualTo("TDCZ");

            assertClosedForIdleness(relay, app, client);
        }
    }

    /** psql's {@code \copy} and pgjdbc's CopyManager send COPY as a simple Query; a client may Sync meanwhile. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("relays")
    void aSimpleCopyInWithASyncInsideEndsIdle(String relay) throws Exception {
        String app = "idle-copy-simple-" + relay;
        try (RawPgClient client = login(relay, app)) {
            client.send(RawPgClient.query("COPY idle_copy FROM STDIN"));
            assertThat(client.read().tag()).isEqualTo('G');
            client.send(RawPgClient.concat(copyData("1\tone\n"), RawPgClient.sync(), copyData("2\ttwo\n"),
                    copyDone()));
            assertThat(tagsUpToReady(client)).isEqualTo("CZ");

            assertClosedForIdleness(relay, app, client);
        }
    }

    /**
     * libpq (PQexecParams) and tokio-postgres send Parse, Bind, Describe, Execute and Sync before they know the
     * statement is a COPY, then CopyDone and another Sync: the first Sync reaches PostgreSQL in COPY mode and is
     * ignored, only the second is answered.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("relays")
    void anExtendedCopyInEndsIdle(String relay) throws Exception {
        String app = "idle-copy-extended-" + relay;
        try (RawPgClient client = login(relay, app)) {
            client.send(RawPgClient.extendedQuery("COPY idle_copy FROM STDIN"));
            assertThat(client.read().tag()).isEqualTo('1');
            assertThat(client.read().tag()).isEqualTo('2');
            assertThat(client.read().tag()).as("NoData: a COPY returns no rows").isEqualTo('n');
            assertThat(client.read().tag()).isEqualTo('G');
            client.send(RawPgClient.concat(copyData("3\tthree\n"), copyDone(), RawPgClient.sync()));
            assertThat(tagsUpToReady(client)).isEqualTo("CZ");

            assertClosedForIdleness(relay, app, client);
        }
    }
}
