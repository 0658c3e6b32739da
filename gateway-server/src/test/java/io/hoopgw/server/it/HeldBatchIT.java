package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.server.testing.GatewayHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the gateway holds back while recording (Parse, Bind, Execute, and a Describe or Close among them, until the
 * Sync or Flush that ends their batch) against a real PostgreSQL, driven with hand-made message sequences: nothing
 * held goes upstream before its record is durable or after the client was told its batch failed, the statement
 * timeout counts from when a statement really goes upstream, and batches larger than what is held at once keep
 * their order.
 *
 * <p>The store is made to fail as in {@link AuditStoreFailureIT}: the audit directory is replaced by a file and the
 * one-second segment rotates into it.
 */
class HeldBatchIT {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String GROUP = "writers";

    @TempDir
    static Path keys;

    private static GatewayHarness harness;
    private static Path auditDir;

    @BeforeAll
    static void start() throws Exception {
        JWK key = AuditKeys.generate(AuditKeys.Algorithm.ED25519);
        Path keyFile = keys.resolve("audit.jwk");
        AuditKeys.write(key, keyFile, keys.resolve("audit.pub.jwk"));
        harness = GatewayHarness.builder().section("""
                audit:
                  directory: %state%/audit
                  signingKey: {file: KEY}
                  maxSegmentAge: 1s
                policy:
                  guardrails:
                    maxRows: 100
                    statementTimeout: 1s
                  rules:
                    - name: writers
                      groups: [writers]
                      targets: ["*"]
                      allow: {classes: [read, write, session, transaction], functions: [pg_sleep, nextval]}
                """.replace("KEY", keyFile.toString())).start();
        auditDir = harness.stateDir().resolve("audit");
        try (Connection c = harness.connectDirectly(); Statement s = c.createStatement()) {
            s.execute("SET ROLE " + harness.writerRole());
            s.execute("CREATE SEQUENCE ticket");
            s.execute("CREATE TABLE items (id int)");
            s.execute("CREATE TABLE batched (id int)");
            s.execute("INSERT INTO items SELECT generate_series(1, 500)");
        }
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private static RawPgClient client() throws IOException {
        RawPgClient client = RawPgClient.connect(harness.port());
        client.login(Map.of("user", harness.writerRole(), "database", harness.target()),
                harness.token("held@example.com", GROUP));
        return client;
    }

    @Test
    void aStrayCopyDataBehindHeldMessagesDoesNotCarryThemUpstreamUnrecorded() throws Exception {
        long before = ticket();
        try (RawPgClient client = client()) {
            whileTheStoreCannotWrite(() -> {
                // PostgreSQL ignores a CopyData outside COPY; the gateway must not take it for a release.
                client.send(RawPgClient.concat(RawPgClient.parse("", "SELECT nextval('ticket')"),
                        RawPgClient.bind("", ""), RawPgClient.execute("", 0),
                        RawPgClient.message('d', "stray\n".getBytes(StandardCharsets.UTF_8)), RawPgClient.sync()));
                RawPgClient.Response refused = client.readResponse(true);
                assertThat(refused.errors()).singleElement()
                        .satisfies(e -> assertThat(e.sqlState()).isEqualTo("58030"));
                assertThat(ticket()).as("the unrecorded nextval never ran").isEqualTo(before);
            });
            client.send(RawPgClient.extendedQuery("SELECT nextval('ticket')"));
            assertThat(client.readResponse(true).tags()).as("the session goes on").isEqualTo("12TDCZ");
        }
    }

    @Test
    void aQueryBehindARefusedHeldBatchIsSkippedAsPostgresSkipsItAfterAnError() throws Exception {
        long before = ticket();
        try (RawPgClient client = client()) {
            whileTheStoreCannotWrite(() -> {
                // PostgreSQL skips everything up to Sync after an error in an extended batch, a Query too.
                client.send(RawPgClient.concat(RawPgClient.parse("", "SELECT nextval('ticket')"),
                        RawPgClient.bind("", ""), RawPgClient.execute("", 0),
                        RawPgClient.query("SELECT nextval('ticket')"), RawPgClient.sync()));
                RawPgClient.Response refused = client.readResponse(true);
                assertThat(refused.tags()).isEqualTo("EZ");
                assertThat(refused.errors().get(0).sqlState()).isEqualTo("58030");
            });
            assertThat(client.simpleQuery("SELECT 1").errors()).as("the session goes on").isEmpty();
        }
        assertThat(ticket()).isEqualTo(before);
    }

    @Test
    void anUnnamedStatementReplacedInARefusedBatchIsNotRunUnderTheNewOnesName() throws Exception {
        try (RawPgClient client = client()) {
            client.send(RawPgClient.concat(RawPgClient.parse("", "SELECT nextval('ticket')"), RawPgClient.sync()));
            assertThat(client.readResponse(true).tags()).isEqualTo("1Z");
            long before = ticket();
            whileTheStoreCannotWrite(() -> {
                // Refused at its first message, a Bind: PostgreSQL never sees the Parse that replaces the unnamed
                // statement, but the gateway and the audit log already take the new text for it.
                client.send(RawPgClient.concat(RawPgClient.bind("", ""), RawPgClient.execute("", 0),
                        RawPgClient.parse("", "SELECT 'harmless'"), RawPgClient.sync()));
                assertThat(client.readResponse(true).errors()).singleElement()
                        .satisfies(e -> assertThat(e.sqlState()).isEqualTo("58030"));
            });
            client.send(RawPgClient.concat(RawPgClient.bind("", ""), RawPgClient.execute("", 0),
                    RawPgClient.sync()));
            RawPgClient.Response rebound = client.readResponse(true);
            assertThat(rebound.errors()).as("the old statement is gone, not run as 'harmless'").singleElement()
                    .satisfies(e -> assertThat(e.sqlState()).isEqualTo("26000"));
            assertThat(ticket()).isEqualTo(before);
        }
    }

    @Test
    void aPgjdbcBatchWhoseRecordsCannotBeWrittenIsRefusedWholeAndRunsOnceTheyCan() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("prepareThreshold", "1");
        try (Connection c = harness.connectAsWriter(settings);
                PreparedStatement insert = c.prepareStatement("INSERT INTO batched VALUES (?)")) {
            insert.setInt(1, 0);
            insert.executeUpdate(); // server-prepared: the batch is Bind/Describe/Execute per row, one Sync
            whileTheStoreCannotWrite(() -> {
                for (int i = 1; i <= 50; i++) {
                    insert.setInt(1, i);
                    insert.addBatch();
                }
                assertThatThrownBy(insert::executeBatch).isInstanceOfSatisfying(BatchUpdateException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("58030"));
            });
            assertThat(count("batched")).as("no row of the refused batch").isEqualTo(1);
            for (int i = 1; i <= 50; i++) {
                insert.setInt(1, i);
                insert.addBatch();
            }
            assertThat(insert.executeBatch()).hasSize(50).containsOnly(1);
        }
        assertThat(count("batched")).isEqualTo(51);
    }

    @Test
    void theStatementTimeoutStartsWhenAHeldExecuteGoesUpstream() throws Exception {
        try (RawPgClient client = client()) {
            // An Execute held for longer than the timeout: its timer must not run out before it starts.
            client.send(RawPgClient.concat(RawPgClient.parse("", "SELECT pg_sleep(4)"), RawPgClient.bind("", ""),
                    RawPgClient.execute("", 0)));
            Thread.sleep(1500);
            long released = System.nanoTime();
            client.send(RawPgClient.sync());
            RawPgClient.Response cancelled = client.readResponse(true);
            Duration took = Duration.ofNanos(System.nanoTime() - released);
            assertThat(cancelled.errors()).as("cancelled at the timeout, not run to the end").singleElement()
                    .satisfies(e -> assertThat(e.sqlState()).isEqualTo("57014"));
            assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofMillis(3500));
            client.send(RawPgClient.extendedQuery("SELECT 1"));
            assertThat(client.readResponse(true).tags()).isEqualTo("12TDCZ");
        }
    }

    @Test
    void messagesHeldBehindAStoppedResultAreSkippedAsAfterAnError() throws Exception {
        long before = ticket();
        try (RawPgClient client = client()) {
            // A cursor-style client (Execute, Flush) that pipelines a second query before the first one's rows.
            client.send(RawPgClient.concat(RawPgClient.parse("", "SELECT id FROM items"), RawPgClient.bind("", ""),
                    RawPgClient.execute("", 0), flush(), RawPgClient.parse("", "SELECT nextval('ticket')"),
                    RawPgClient.bind("", ""), RawPgClient.execute("", 0)));
            ErrorResponse stopped = client.readError();
            assertThat(stopped.sqlState()).isEqualTo("54000");
            // The client was told its batch failed: what it sent behind it up to Sync is skipped, as PostgreSQL
            // skips after an error.
            client.send(RawPgClient.sync());
            RawPgClient.Response synced = client.readResponse(true);
            assertThat(synced.tags()).isEqualTo("Z");
            client.send(RawPgClient.extendedQuery("SELECT 41 + 1"));
            RawPgClient.Response next = client.readResponse(true);
            assertThat(next.tags()).isEqualTo("12TDCZ");
            assertThat(new String(next.messages().get(3).body(), StandardCharsets.UTF_8)).endsWith("42");
        }
        assertThat(ticket()).as("the skipped nextval never ran").isEqualTo(before);
    }

    @Test
    void aPolicyRefusalInsideAHeldBatchLetsWhatCameBeforeItRunAndSkipsTheRest() throws Exception {
        long before = ticket();
        try (RawPgClient client = client()) {
            // As PostgreSQL with an error at the second Parse: the first statement runs (nextval is not undone by
            // the implicit transaction's rollback), the rest is skipped up to Sync.
            client.send(RawPgClient.concat(RawPgClient.parse("", "SELECT nextval('ticket')"),
                    RawPgClient.bind("", ""), RawPgClient.execute("", 0),
                    RawPgClient.parse("", "CREATE TABLE refused_here (i int)"), RawPgClient.bind("", ""),
                    RawPgClient.execute("", 0), RawPgClient.parse("", "SELECT nextval('ticket')"),
                    RawPgClient.bind("", ""), RawPgClient.execute("", 0), RawPgClient.sync()));
            RawPgClient.Response response = client.readResponse(true);
            assertThat(response.tags()).isEqualTo("12DCEZ");
            assertThat(response.errors().get(0).sqlState()).isEqualTo("42501");
            client.send(RawPgClient.extendedQuery("SELECT to_regclass('refused_here') IS NULL"));
            RawPgClient.Response check = client.readResponse(true);
            assertThat(check.tags()).isEqualTo("12TDCZ");
            assertThat(new String(check.messages().get(3).body(), StandardCharsets.UTF_8)).endsWith("t");
        }
        assertThat(ticket()).isEqualTo(before + 1);
    }

    @ParameterizedTest(name = "-M {0}")
    @ValueSource(strings = {"extended", "prepared"})
    void pgbenchInLibpqsPipelineModeRunsEveryStatementOfItsPipelines(String mode) throws Exception {
        // libpq's pipeline mode sends each query's Parse/Bind/Describe/Execute without a Sync, which comes only at
        // \endpipeline: the whole pipeline is one held batch.
        Path script = Files.writeString(keys.resolve("pipeline-" + mode + ".sql"), """
                \\startpipeline
                SELECT nextval('ticket');
                SELECT nextval('ticket') FROM generate_series(1, :client_id + 1);
                SELECT count(*) FROM items WHERE id <= :client_id;
                \\endpipeline
                """);
        long before = ticket();
        Path pgbench = PostgresClientBinaries.require("pgbench", harness.postgres());
        ClientProcess.Result run = ClientProcess.run(List.of(pgbench.toString(), "-n", "-M", mode, "-c", "2",
                "-t", "25", "-f", script.toString()), Map.of("PGHOST", "127.0.0.1",
                "PGPORT", Integer.toString(harness.port()), "PGDATABASE", harness.target(),
                "PGUSER", harness.writerRole(), "PGPASSWORD", harness.token("pgbench@example.com", GROUP),
                "PGSSLMODE", "require", "PGCONNECT_TIMEOUT", "5"), keys, Duration.ofSeconds(60));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).as(run.describe()).contains("number of transactions actually processed: 50/50");
        // Per transaction: one, then client_id + 1 (client ids 0 and 1).
        assertThat(ticket() - before).isEqualTo(25 * (1 + 1) + 25 * (1 + 2));
    }

    @Test
    void aBatchLargerThanWhatIsHeldAtOnceGoesUpstreamInOrder() throws Exception {
        try (RawPgClient client = client()) {
            // int4 input takes leading spaces: 2,000 Binds of 300 bytes, more than twice the hold limit, whose
            // answers are small enough for this client to read only once it has sent everything.
            List<byte[]> batch = new ArrayList<>();
            batch.add(RawPgClient.parse("", "SELECT $1::int"));
            for (int i = 0; i < 2000; i++) {
                batch.add(RawPgClient.bind("", "", " ".repeat(300) + i));
                batch.add(RawPgClient.execute("", 0));
            }
            batch.add(RawPgClient.sync());
            client.send(RawPgClient.concat(batch.toArray(byte[][]::new)));
            RawPgClient.Response response = client.readResponse(true);
            assertThat(response.errors()).isEmpty();
            List<String> values = response.messages().stream().filter(m -> m.tag() == 'D')
                    .map(m -> new String(m.body(), 6, m.body().length - 6, StandardCharsets.UTF_8)).toList();
            assertThat(values).hasSize(2000);
            for (int i = 0; i < 2000; i++) {
                assertThat(values.get(i)).isEqualTo(String.valueOf(i));
            }
        }
    }

    @Test
    void aCursorPagedWithFlushGetsEachPageAtItsFlush() throws Exception {
        try (RawPgClient client = client()) {
            assertThat(client.simpleQuery("BEGIN").status()).isEqualTo('T');
            client.send(RawPgClient.concat(RawPgClient.parse("", "SELECT id FROM items ORDER BY id"),
                    RawPgClient.bind("c", ""), RawPgClient.describePortal("c"), RawPgClient.execute("c", 30),
                    flush()));
            assertThat(readUntil(client, 's')).isEqualTo("12T" + "D".repeat(30) + "s");
            client.send(RawPgClient.concat(RawPgClient.execute("c", 30), flush()));
            assertThat(readUntil(client, 's')).isEqualTo("D".repeat(30) + "s");
            client.send(RawPgClient.concat(RawPgClient.message('C', RawPgClient.concat(new byte[] {'P'},
                    RawPgClient.cString("c"))), RawPgClient.sync()));
            assertThat(client.readResponse(true).tags()).isEqualTo("3Z");
            assertThat(client.simpleQuery("COMMIT").status()).isEqualTo('I');
        }
    }

    @Test
    void aSessionClosedWhileItsBatchWaitsForItsRecordLeaksNothing() throws Exception {
        for (int i = 0; i < 20; i++) {
            RawPgClient client = client();
            client.send(RawPgClient.concat(RawPgClient.parse("", "SELECT 1"), RawPgClient.bind("", ""),
                    RawPgClient.execute("", 0), RawPgClient.sync(), RawPgClient.parse("", "SELECT 2"),
                    RawPgClient.bind("", ""), RawPgClient.message('X', new byte[0])));
            client.close();
        }
        try (RawPgClient client = client()) {
            assertThat(client.simpleQuery("SELECT 1").errors()).isEmpty();
        }
    }

    private static byte[] flush() {
        return RawPgClient.message('H', new byte[0]);
    }

    /** Reads messages up to and including the first with {@code tag}; returns their tags. */
    private static String readUntil(RawPgClient client, char tag) throws IOException {
        StringBuilder tags = new StringBuilder();
        while (true) {
            RawPgClient.Message message = client.read();
            tags.append(message.tag());
            if (message.tag() == tag || message.tag() == 'E') {
                return tags.toString();
            }
        }
    }

    /** What a test does while the store cannot write. */
    @FunctionalInterface
    private interface StoreFailure {
        void run() throws Exception;
    }

    private static void whileTheStoreCannotWrite(StoreFailure during) throws Exception {
        Path moved = harness.stateDir().resolve("audit-moved");
        Files.move(auditDir, moved);
        try {
            Files.writeString(auditDir, "a file where the audit directory was");
            awaitHealth(false);
            during.run();
        } finally {
            Files.delete(auditDir);
            Files.move(moved, auditDir);
            awaitHealth(true);
        }
    }

    private static long count(String table) throws SQLException {
        try (Connection c = harness.connectDirectly(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long ticket() throws SQLException {
        try (Connection c = harness.connectDirectly(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM ticket")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void awaitHealth(boolean expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (harness.gateway().healthy() != expected) {
            assertThat(System.nanoTime()).as("gateway healthy() becomes %s", expected).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
