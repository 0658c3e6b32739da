package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.read.AuditReader;
import io.hoopgw.audit.schema.BindStatement;
import io.hoopgw.audit.schema.ParseStatement;
import io.hoopgw.audit.schema.QueryStatement;
import io.hoopgw.audit.schema.SessionStarted;
import io.hoopgw.audit.verify.AuditVerifier;
import io.hoopgw.audit.verify.Report;
import io.hoopgw.server.Gateway;
import io.hoopgw.server.testing.GatewayHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * A gateway whose audit store stops being able to write refuses every statement with {@code 58030} and forwards
 * none of them, keeps its sessions usable (a refusal leaves the session as an error would), reports itself
 * unhealthy, and runs statements again, in the same sessions, once the store can write.
 *
 * <p>How the store is made to fail: the tests run as root, which ignores permission bits, and mounting a small
 * filesystem needs privileges a test cannot count on. So the audit directory is moved aside and a plain file put
 * in its place. The segment already open keeps working (its file descriptor moved with the directory); what
 * fails is the next step the store must take, creating the next segment. Segments here rotate every second
 * ({@code maxSegmentAge: 1s}), and from then on every write fails ("missing or not a directory") until the
 * directory is back; the store never makes the directory again itself, so putting it back cannot race with it. The
 * test waits for the gateway to report unhealthy before it sends anything, so that no statement can slip into the
 * old segment.
 */
class AuditStoreFailureIT {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path keys;

    @Test
    void statementsAreRefusedUnforwardedWhileTheStoreCannotWriteAndRunAgainOnceItCan() throws Exception {
        JWK key = AuditKeys.generate(AuditKeys.Algorithm.ED25519);
        Path keyFile = keys.resolve("audit.jwk");
        AuditKeys.write(key, keyFile, keys.resolve("audit.pub.jwk"));
        GatewayHarness harness = GatewayHarness.builder().section("""
                audit:
                  directory: %state%/audit
                  signingKey: {file: KEY}
                  maxSegmentAge: 1s
                """.replace("KEY", keyFile.toString())).start();
        Path auditDir = harness.stateDir().resolve("audit");
        Path moved = harness.stateDir().resolve("audit-moved");
        Gateway gateway = harness.gateway();
        try (Connection simple = connect(harness, "preferQueryMode", "simple");
                Connection extended = connect(harness, "prepareThreshold", "1");
                Connection inTransaction = connect(harness);
                Statement s = simple.createStatement();
                PreparedStatement insert = extended.prepareStatement("INSERT INTO ledger VALUES (?)");
                Statement t = inTransaction.createStatement();
                RawPgClient raw = RawPgClient.connect(harness.port())) {
            raw.login(Map.of("user", harness.writerRole(), "database", harness.target()),
                    harness.token("raw@example.com", "writers"));
            // A client that prepares the unnamed statement once and binds it again and again, as libpq's
            // PQprepare(conn, "", ...) and PQexecPrepared allow.
            raw.send(RawPgClient.concat(RawPgClient.parse("", "SELECT 40 + $1::int"), RawPgClient.sync()));
            assertThat(raw.readResponse(true).tags()).isEqualTo("1Z");
            s.execute("CREATE TABLE ledger (id int)");
            s.execute("CREATE SEQUENCE ticket");
            s.execute("INSERT INTO ledger VALUES (1)");
            insert.setInt(1, 2);
            insert.executeUpdate(); // server-prepared from the first use: later Binds reuse the named statement
            inTransaction.setAutoCommit(false);
            t.execute("INSERT INTO ledger VALUES (3)");

            Files.move(auditDir, moved);
            Files.writeString(auditDir, "a file where the audit directory was");
            awaitHealth(gateway, false);

            assertRefused(() -> s.execute("INSERT INTO ledger VALUES (10)"));
            assertRefused(() -> s.executeQuery("SELECT nextval('ticket')"));
            assertRefused(() -> s.executeQuery("SELECT nextval('ticket')"));
            insert.setInt(1, 11);
            assertRefused(insert::executeUpdate);
            assertRefused(() -> t.execute("INSERT INTO ledger VALUES (12)"));
            RawPgClient.Response refused = bindUnnamed(raw, "1");
            assertThat(refused.errors()).singleElement()
                    .satisfies(e -> assertThat(e.sqlState()).isEqualTo("58030"));
            // A Parse executes nothing, but its text is what the client sent: it goes upstream only recorded. A
            // batch with no Execute (Parse, Describe, Sync) is refused whole, at its first message.
            raw.send(RawPgClient.concat(RawPgClient.parse("kept_out", "SELECT nextval('ticket')"),
                    RawPgClient.message('D', RawPgClient.concat(new byte[] {'S'}, RawPgClient.cString("kept_out"))),
                    RawPgClient.sync()));
            RawPgClient.Response parseRefused = raw.readResponse(true);
            assertThat(parseRefused.tags()).isEqualTo("EZ");
            assertThat(parseRefused.errors()).singleElement()
                    .satisfies(e -> assertThat(e.sqlState()).isEqualTo("58030"));
            // A session opened now: its start cannot be recorded either.
            Connection late = connect(harness);
            Statement ls = late.createStatement();
            assertRefused(() -> ls.execute("INSERT INTO ledger VALUES (13)"));
            assertThat(ledger(harness)).as("nothing refused reached PostgreSQL").containsExactly(1, 2);
            assertThat(ticketCalled(harness)).as("the sequence was never advanced").isFalse();
            assertThat(gateway.healthy()).isFalse();

            Files.delete(auditDir);
            Files.move(moved, auditDir);

            RawPgClient.Response answered = bindUnnamed(raw, "2");
            assertThat(answered.errors()).as("the client's unnamed statement survived the refusal").isEmpty();
            assertThat(answered.rows()).isEqualTo(1);
            raw.send(RawPgClient.concat(RawPgClient.bind("", "kept_out"), RawPgClient.execute("", 0),
                    RawPgClient.sync()));
            assertThat(raw.readResponse(true).errors()).as("PostgreSQL never saw the refused Parse")
                    .singleElement().satisfies(e -> assertThat(e.sqlState()).isEqualTo("26000"));
            s.execute("INSERT INTO ledger VALUES (20)");
            insert.setInt(1, 21);
            assertThat(insert.executeUpdate()).isEqualTo(1);
            try (ResultSet rs = s.executeQuery("SELECT nextval('ticket')")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the first nextval that ran").isEqualTo(1);
            }
            // The refusal aborted the open transaction, as an error would have: its earlier insert is undone.
            assertThatThrownBy(() -> t.executeQuery("SELECT 1")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("25P02"));
            inTransaction.rollback();
            inTransaction.setAutoCommit(true);
            t.execute("INSERT INTO ledger VALUES (22)");
            // The session that started while nothing could be recorded runs statements only with its start on
            // record: a statement of an unknown identity is no record at all.
            ls.execute("INSERT INTO ledger VALUES (23)");
            late.close();
            awaitHealth(gateway, true);
            assertThat(ledger(harness)).containsExactly(1, 2, 20, 21, 22, 23);
        } finally {
            gateway.close();
        }

        try {
            Report report = AuditVerifier.verify(auditDir, key.toPublicJWK());
            assertThat(report.ok()).as(report.render()).isTrue();
            assertThat(report.unsealed()).as(report.render()).isZero();
            List<String> recorded = new ArrayList<>();
            Set<String> started = new HashSet<>();
            AuditReader.forEach(auditDir, entry -> {
                if (entry.record().getPayload() instanceof SessionStarted start) {
                    started.add(start.getSessionId());
                } else if (entry.sessionId() != null) {
                    assertThat(started).as("the start of session %s is recorded before its %s", entry.sessionId(),
                            entry.kind()).contains(entry.sessionId());
                }
                if (entry.record().getPayload() instanceof QueryStatement q) {
                    recorded.add(q.getText());
                } else if (entry.record().getPayload() instanceof ParseStatement p) {
                    recorded.add(p.getText());
                } else if (entry.record().getPayload() instanceof BindStatement b
                        && !b.getParameters().isEmpty()) {
                    recorded.add(b.getText() + " " + b.getParameters().get(0).getText());
                }
            }, problem -> {
                throw new AssertionError(problem.toString());
            });
            assertThat(recorded).contains("INSERT INTO ledger VALUES (1)", "INSERT INTO ledger VALUES ($1) 2",
                    "INSERT INTO ledger VALUES (20)", "INSERT INTO ledger VALUES ($1) 21",
                    "INSERT INTO ledger VALUES (22)", "INSERT INTO ledger VALUES (23)");
            // What could not be recorded did not run, and is not in the log either.
            assertThat(recorded).noneMatch(text -> text.contains("(10)") || text.contains(" 11")
                    || text.contains("(12)") || text.contains("(13)"));
        } finally {
            harness.close();
        }
    }

    @Test
    void aCopyFromStdinWhoseDataCannotBeRecordedIsAbortedNotCommitted() throws Exception {
        JWK key = AuditKeys.generate(AuditKeys.Algorithm.ED25519);
        Path keyFile = keys.resolve("audit.jwk");
        AuditKeys.write(key, keyFile, keys.resolve("audit.pub.jwk"));
        try (GatewayHarness harness = GatewayHarness.builder().section("""
                audit:
                  directory: %state%/audit
                  signingKey: {file: KEY}
                  maxSegmentAge: 1s
                """.replace("KEY", keyFile.toString())).start();
                Connection c = connect(harness); Statement s = c.createStatement()) {
            Path auditDir = harness.stateDir().resolve("audit");
            Path moved = harness.stateDir().resolve("audit-moved");
            s.execute("CREATE TABLE ledger (id int)");
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY ledger FROM STDIN");
            byte[] first = "1\n2\n".getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(first, 0, first.length);
            copy.flushCopy();

            // The COPY statement was recorded; its data, whose digest is recorded when it ends, cannot be.
            Files.move(auditDir, moved);
            Files.writeString(auditDir, "a file where the audit directory was");
            awaitHealth(harness.gateway(), false);
            byte[] rest = "3\n".getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(rest, 0, rest.length);
            assertRefused(copy::endCopy);
            assertThat(ledger(harness)).as("the COPY was aborted, not committed unrecorded").isEmpty();

            Files.delete(auditDir);
            Files.move(moved, auditDir);
            assertThat(c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY ledger FROM STDIN",
                    new java.io.StringReader("4\n5\n"))).isEqualTo(2);
            assertThat(ledger(harness)).containsExactly(4, 5);
        }
    }

    private static Connection connect(GatewayHarness harness, String... settings) throws SQLException {
        Properties properties = new Properties();
        // Keeps pgjdbc from sending a SET of application_name after the login.
        properties.setProperty("assumeMinServerVersion", "10");
        for (int i = 0; i < settings.length; i += 2) {
            properties.setProperty(settings[i], settings[i + 1]);
        }
        return harness.connectAsWriter(properties);
    }

    /** Binds and executes the unnamed statement with one parameter, and reads the answer. */
    private static RawPgClient.Response bindUnnamed(RawPgClient raw, String parameter) throws IOException {
        raw.send(RawPgClient.concat(RawPgClient.bind("", "", parameter), RawPgClient.execute("", 0),
                RawPgClient.sync()));
        return raw.readResponse(true);
    }

    private static void assertRefused(ThrowingCallable statement) {
        assertThatThrownBy(statement).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("58030");
            assertThat(e.getMessage()).contains("audit log cannot be written");
        });
    }

    private static List<Integer> ledger(GatewayHarness harness) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Connection c = harness.connectDirectly(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM ledger ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }

    private static boolean ticketCalled(GatewayHarness harness) throws SQLException {
        try (Connection c = harness.connectDirectly(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT is_called FROM ticket")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static void awaitHealth(Gateway gateway, boolean expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (gateway.healthy() != expected) {
            assertThat(System.nanoTime()).as("gateway healthy() becomes %s", expected).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
