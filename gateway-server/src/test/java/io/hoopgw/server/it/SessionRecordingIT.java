package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.schema.BindStatement;
import io.hoopgw.audit.schema.OutcomeKind;
import io.hoopgw.audit.schema.ParseStatement;
import io.hoopgw.audit.schema.SessionEnded;
import io.hoopgw.audit.schema.StatementOutcome;
import io.hoopgw.audit.verify.AuditVerifier;
import io.hoopgw.audit.verify.Report;
import io.hoopgw.server.testing.GatewayHarness;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions recorded by a gateway whose {@code audit} section is configured, driven by pgjdbc to a real PostgreSQL:
 * every way the driver runs SQL produces the statement records, parameter values, outcomes and result summaries
 * (digest, counts, first rows) an auditor needs, and the directory verifies once the gateway has closed.
 *
 * <p>Each test names its session by {@code ApplicationName} and reads that session's records back with the audit
 * reader.
 */
class SessionRecordingIT {
    @TempDir
    static Path keys;

    private static JWK key;
    private static GatewayHarness harness;
    private static Path auditDir;

    @BeforeAll
    static void start() throws Exception {
        key = AuditKeys.generate(AuditKeys.Algorithm.ED25519);
        Path keyFile = keys.resolve("audit.jwk");
        AuditKeys.write(key, keyFile, keys.resolve("audit.pub.jwk"));
        harness = GatewayHarness.builder().section("""
                audit:
                  directory: %state%/audit
                  instance: it-recording
                  signingKey: {file: KEY}
                  sampleRows: 3
                """.replace("KEY", keyFile.toString())).start();
        auditDir = harness.stateDir().resolve("audit");
        try (Connection c = connect("setup"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
            s.execute("INSERT INTO items VALUES (1, 'one'), (2, 'two'), (3, NULL)");
            s.execute("CREATE TABLE typed (i int, n numeric, b bool, t text, by bytea, ts timestamptz, d date,"
                    + " u uuid, j jsonb, a int[], ta text[], nul int)");
            s.execute("CREATE TABLE batch_t (id int, label text)");
            s.execute("CREATE TABLE copy_t (id int, name text)");
            s.execute("CREATE TABLE multi_t (v int)");
            s.execute("CREATE TABLE tx_t (id int)");
        }
    }

    @AfterAll
    static void closeAndVerify() throws Exception {
        if (harness == null) {
            return;
        }
        harness.gateway().close();
        Report report = AuditVerifier.verify(auditDir, key.toPublicJWK());
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.unsealed()).as(report.render()).isZero();
        assertThat(report.records()).as(report.render()).isGreaterThan(10);
        harness.close();
    }

    private static Connection connect(String applicationName, String... settings) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", applicationName);
        // pgjdbc puts application_name into the StartupMessage (where the session record takes it from) only
        // when told the server is new enough; otherwise it sends a SET after the login.
        properties.setProperty("assumeMinServerVersion", "10");
        for (int i = 0; i < settings.length; i += 2) {
            properties.setProperty(settings[i], settings[i + 1]);
        }
        return harness.connectAsWriter(properties);
    }

    @Test
    void errorsInsideATransactionAreRecordedAndTheTransactionRollsBack() throws Exception {
        for (String mode : List.of("simple", "extended")) {
            String name = "tx-" + mode;
            try (Connection c = connect(name, "preferQueryMode", mode); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.executeUpdate("INSERT INTO tx_t VALUES (1)");
                assertThatThrownBy(() -> s.executeQuery("SELECT 1 / (SELECT count(*) - 1 FROM tx_t)"))
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22012"));
                assertThatThrownBy(() -> s.executeQuery("SELECT 2"))
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25P02"));
                c.rollback();
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM tx_t")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isZero();
                }
                c.commit();
            }

            RecordedSession session = RecordedSession.await(auditDir, name);
            List<StatementOutcome> outcomes = session.all(StatementOutcome.class);
            assertThat(outcomes).as(session.timeline()).extracting(StatementOutcome::getKind,
                    StatementOutcome::getCommandTag, StatementOutcome::getSqlState).containsExactly(
                    tuple(OutcomeKind.COMPLETED, "BEGIN", null),
                    tuple(OutcomeKind.COMPLETED, "INSERT 0 1", null),
                    tuple(OutcomeKind.FAILED, null, "22012"),
                    tuple(OutcomeKind.FAILED, null, "25P02"),
                    tuple(OutcomeKind.COMPLETED, "ROLLBACK", null),
                    tuple(OutcomeKind.COMPLETED, "BEGIN", null),
                    tuple(OutcomeKind.COMPLETED, "SELECT 1", null),
                    tuple(OutcomeKind.COMPLETED, "COMMIT", null));
            assertThat(outcomes.get(2).getMessage()).isEqualTo("division by zero");
            assertThat(session.only(SessionEnded.class).getFailedStatements()).isEqualTo(2);
        }
    }

    @Test
    void errorsReportedForAParseOrABindAreRecordedAsTheirOutcome() throws Exception {
        String bindText = "SELECT name FROM items WHERE id = $1";
        try (Connection c = connect("parse-bind-errors"); Statement s = c.createStatement();
                PreparedStatement ps = c.prepareStatement("SELECT name FROM items WHERE id = ?")) {
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM no_such_table"))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42P01"));
            ps.setObject(1, "not a number", Types.OTHER);
            assertThatThrownBy(ps::executeQuery)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22P02"));
        }

        RecordedSession session = RecordedSession.await(auditDir, "parse-bind-errors");
        ParseStatement parse = session.parses("SELECT * FROM no_such_table").get(0);
        StatementOutcome parseOutcome = session.outcome(parse.getStatement());
        assertThat(parseOutcome.getKind()).isEqualTo(OutcomeKind.FAILED);
        assertThat(parseOutcome.getSqlState()).isEqualTo("42P01");
        assertThat(parseOutcome.getMessage()).contains("no_such_table");
        BindStatement bind = session.binds(bindText).get(0);
        assertThat(bind.getParameters()).extracting(RecordedSession::text).containsExactly("not a number");
        StatementOutcome bindOutcome = session.outcome(bind.getStatement());
        assertThat(bindOutcome.getKind()).isEqualTo(OutcomeKind.FAILED);
        assertThat(bindOutcome.getSqlState()).isEqualTo("22P02");
        // The server skipped the Executes after the errors: nothing ran, so they have no outcome of their own.
        assertThat(session.all(StatementOutcome.class)).hasSize(2);
        assertThat(session.only(SessionEnded.class).getFailedStatements()).isEqualTo(2);

    }
}
