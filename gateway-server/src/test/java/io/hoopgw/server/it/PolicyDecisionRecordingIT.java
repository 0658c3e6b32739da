package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.audit.schema.OutcomeKind;
import io.hoopgw.audit.schema.ParseStatement;
import io.hoopgw.audit.schema.PolicyDecision;
import io.hoopgw.audit.schema.QueryStatement;
import io.hoopgw.audit.schema.StatementOutcome;
import io.hoopgw.server.testing.GatewayHarness;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy's decision on each statement is part of its record: allowed or denied, the rule that decided, and why.
 * A denied statement's outcome is the gateway's refusal (42501), and the statement never reached PostgreSQL (the
 * reader's role may read the denied table, so only the gateway could have stopped it).
 */
class PolicyDecisionRecordingIT {
    @TempDir
    static Path keys;

    private static RecordingGateway recording;
    private static GatewayHarness harness;
    private static Path auditDir;

    @BeforeAll
    static void start() throws Exception {
        recording = RecordingGateway.start(keys, """
                policy:
                  rules:
                    - name: writers-all
                      groups: [writers]
                      targets: ["*"]
                      allow: {classes: [read, write, ddl, session, transaction]}
                    - name: readers-no-secrets
                      groups: [readers]
                      targets: ["*"]
                      allow: {classes: [read, session, transaction]}
                      deny: {read: ["public.secrets"]}
                """);
        harness = recording.harness();
        auditDir = recording.auditDir();
        try (Connection c = harness.connectAsWriter(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE open_t (id int)");
            s.execute("INSERT INTO open_t VALUES (1), (2)");
            s.execute("CREATE TABLE secrets (v text)");
            s.execute("INSERT INTO secrets VALUES ('s3cret')");
        }
        // The reader's role may read both tables: only the policy stands between it and the secrets.
        try (Connection direct = harness.connectDirectly(); Statement s = direct.createStatement();
                ResultSet rs = s.executeQuery("SELECT has_table_privilege('" + harness.readerRole()
                        + "', 'public.secrets', 'SELECT')")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
        }
    }

    @AfterAll
    static void closeAndVerify() throws Exception {
        if (recording != null) {
            recording.closeAndVerify();
        }
    }

    private static Connection reader(String applicationName, String... settings) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", harness.readerRole());
        properties.setProperty("password", harness.token("reader@example.com", "readers"));
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("assumeMinServerVersion", "10");
        for (int i = 0; i < settings.length; i += 2) {
            properties.setProperty(settings[i], settings[i + 1]);
        }
        return DriverManager.getConnection(harness.jdbcUrl(), properties);
    }

    private static PolicyDecision decision(RecordedSession session, long statement) {
        List<PolicyDecision> found = session.all(PolicyDecision.class).stream()
                .filter(d -> d.getStatement() == statement).toList();
        assertThat(found).as(session.timeline()).hasSize(1);
        return found.get(0);
    }

    @Test
    void simpleQueriesRecordTheAllowingAndTheDenyingRule() throws Exception {
        String allowed = "SELECT count(*) FROM open_t";
        String denied = "SELECT v FROM secrets";
        try (Connection c = reader("decisions-simple", "preferQueryMode", "simple");
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery(allowed)) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
            assertThatThrownBy(() -> s.executeQuery(denied))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        }

        RecordedSession session = RecordedSession.await(auditDir, "decisions-simple");
        QueryStatement allowedQuery = session.query(allowed);
        PolicyDecision allow = decision(session, allowedQuery.getStatement());
        assertThat(allow.getAllowed()).isTrue();
        assertThat(allow.getRule()).isEqualTo("readers-no-secrets");
        assertThat(session.outcome(allowedQuery.getStatement()).getCommandTag()).isEqualTo("SELECT 1");

        QueryStatement deniedQuery = session.query(denied);
        PolicyDecision deny = decision(session, deniedQuery.getStatement());
        assertThat(deny.getAllowed()).isFalse();
        assertThat(deny.getRule()).isEqualTo("readers-no-secrets");
        assertThat(deny.getReason()).contains("secrets");
        StatementOutcome outcome = session.outcome(deniedQuery.getStatement());
        assertThat(outcome.getKind()).isEqualTo(OutcomeKind.FAILED);
        assertThat(outcome.getSqlState()).isEqualTo("42501");
        assertThat(session.hasResult(deniedQuery.getStatement())).as("nothing came back").isFalse();
        assertThat(session.timeline()).contains("] POLICY allowed", "] POLICY DENIED").doesNotContain("s3cret");
    }

    @Test
    void preparedStatementsRecordTheDecisionOnTheirParse() throws Exception {
        String allowed = "SELECT id FROM open_t WHERE id = ?";
        String denied = "SELECT v FROM secrets WHERE v <> ?";
        try (Connection c = reader("decisions-extended", "prepareThreshold", "1")) {
            try (PreparedStatement ps = c.prepareStatement(allowed)) {
                ps.setInt(1, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(denied)) {
                ps.setString(1, "x");
                assertThatThrownBy(ps::executeQuery)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            }
        }

        RecordedSession session = RecordedSession.await(auditDir, "decisions-extended");
        ParseStatement allowedParse = session.parses("SELECT id FROM open_t WHERE id = $1").get(0);
        PolicyDecision allow = decision(session, allowedParse.getStatement());
        assertThat(allow.getAllowed()).isTrue();
        assertThat(allow.getRule()).isEqualTo("readers-no-secrets");

        ParseStatement deniedParse = session.parses("SELECT v FROM secrets WHERE v <> $1").get(0);
        PolicyDecision deny = decision(session, deniedParse.getStatement());
        assertThat(deny.getAllowed()).isFalse();
        assertThat(deny.getReason()).contains("secrets");
        StatementOutcome outcome = session.outcome(deniedParse.getStatement());
        assertThat(outcome.getKind()).isEqualTo(OutcomeKind.FAILED);
        assertThat(outcome.getSqlState()).isEqualTo("42501");
        assertThat(session.timeline()).doesNotContain("s3cret");
    }
}
