package io.hoopgw.server.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.audit.AuditConfig;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.AuditRecorder;
import io.hoopgw.audit.read.AuditReader;
import io.hoopgw.core.mask.MaskingConfig;
import io.hoopgw.core.policy.PolicyEngine;
import io.hoopgw.core.policy.PolicyLoader;
import io.hoopgw.server.mask.ColumnCatalog;
import io.hoopgw.server.mask.MaskingControls;
import io.hoopgw.server.policy.PolicySource;
import io.hoopgw.server.session.DataPathControls;
import io.hoopgw.server.testing.GatewayHarness;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three controls applied together on a real gateway to a real PostgreSQL: policy denials that leave the
 * session as PostgreSQL would after an error, records of what ran and what came back, and masked values.
 */
class DataPathControlsIT {
    private static final AtomicReference<AuditRecorder> RECORDER = new AtomicReference<>();
    private static GatewayHarness harness;
    private static Path auditDir;

    @BeforeAll
    static void start() throws Exception {
        Object policy = Map.of(
                "guardrails", Map.of("maxRows", 50),
                "rules", List.of(
                        Map.of("name", "writers-all", "groups", List.of("writers"), "targets", List.of("*"),
                                "allow", Map.of("classes", List.of("read", "write", "ddl", "session", "transaction"))),
                        Map.of("name", "readers-read-only", "groups", List.of("readers"), "targets", List.of("*"),
                                "readOnly", true,
                                "allow", Map.of("classes", List.of("read", "session", "transaction")))));
        PolicyEngine engine = new PolicyEngine(PolicyLoader.load(policy, "policy"));
        MaskingConfig masking = MaskingConfig.read("masking.rules", List.of(
                Map.of("name", "cards", "detect", "card", "strategy", "partial", "keep-last", 4,
                        "exempt", List.of("writers"))));
        harness = GatewayHarness.builder().controls(stateDir -> {
            auditDir = stateDir.resolve("audit");
            AuditRecorder recorder = AuditRecorder.open(AuditConfig.builder(auditDir, "it",
                    AuditKeys.generate(AuditKeys.Algorithm.ED25519)).build());
            RECORDER.set(recorder);
            return DataPathControls.NONE.withAudit(recorder).withPolicy(PolicySource.fixed(engine))
                    .withMasking(new MaskingControls(masking, ColumnCatalog.NONE));
        }).start();
        try (Connection c = harness.connectAsWriter(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE cards (id int PRIMARY KEY, holder text, card text)");
            s.execute("INSERT INTO cards VALUES (1, 'ann', '4111 1111 1111 1111'), (2, 'bob', 'none')");
            s.execute("INSERT INTO cards SELECT g, 'x', 'y' FROM generate_series(3, 100) g");
        }
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
        if (RECORDER.get() != null) {
            RECORDER.get().close();
        }
    }

    private static boolean sleep() throws InterruptedException {
        Thread.sleep(50);
        return true;
    }

    private static Connection reader(String extra) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", harness.readerRole());
        properties.setProperty("password", harness.token("agent@example.com", "readers"));
        return DriverManager.getConnection(harness.jdbcUrl() + extra, properties);
    }

    @Test
    void deniesAWriteForAReadOnlyGroupAndKeepsTheSessionUsable() throws Exception {
        try (Connection c = reader(""); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("DELETE FROM cards WHERE id = 2"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("policy denies")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM cards")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(100);
            }
        }
    }

    @Test
    void aDenialInsideATransactionAbortsItAsAnErrorWould() throws Exception {
        try (Connection c = reader(""); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeQuery("SELECT 1").close();
            assertThatThrownBy(() -> s.execute("UPDATE cards SET holder = 'z' WHERE id = 1"))
                    .hasMessageContaining("policy denies");
            assertThatThrownBy(() -> s.executeQuery("SELECT 1"))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25P02"));
            c.rollback();
            try (ResultSet rs = s.executeQuery("SELECT holder FROM cards WHERE id = 1")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ann");
            }
        }
    }

    @Test
    void deniesServerPreparedStatementsAndLeavesTheBatchUndone() throws Exception {
        try (Connection c = reader("&prepareThreshold=1");
                PreparedStatement read = c.prepareStatement("SELECT holder FROM cards WHERE id = ?");
                PreparedStatement write = c.prepareStatement("UPDATE cards SET holder = ? WHERE id = ?")) {
            for (int i = 0; i < 3; i++) {
                read.setInt(1, 1);
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("ann");
                }
            }
            write.setString(1, "mallory");
            write.setInt(2, 1);
            assertThatThrownBy(write::executeUpdate).hasMessageContaining("policy denies")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            read.setInt(1, 1);
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ann");
            }
        }
    }

    @Test
    void masksCardsForNonExemptGroupsInTextAndBinary() throws Exception {
        for (String extra : List.of("", "&prepareThreshold=-1&binaryTransfer=true")) {
            try (Connection c = reader(extra);
                    PreparedStatement ps = c.prepareStatement("SELECT card, lower(card) FROM cards WHERE id = ?")) {
                ps.setInt(1, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("************1111");
                    assertThat(rs.getString(2)).doesNotContain("4111 1111");
                }
            }
        }
        try (Connection c = harness.connectAsWriter(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT card FROM cards WHERE id = 1")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("4111 1111 1111 1111");
        }
    }

    @Test
    void stopsAResultPastTheRowLimit() throws Exception {
        try (Connection c = reader(""); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM cards").close())
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("54000"));
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM cards")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(100);
            }
        }
    }

    @Test
    void recordsStatementsParametersOutcomesAndRefusals() throws Exception {
        try (Connection c = reader("&prepareThreshold=1");
                PreparedStatement ps = c.prepareStatement("SELECT holder FROM cards WHERE id = ?")) {
            ps.setInt(1, 2);
            ps.executeQuery().close();
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT card AS masked_card FROM cards WHERE id = 1").close();
                assertThatThrownBy(() -> s.execute("DROP TABLE cards")).hasMessageContaining("policy denies");
            }
        }
        // The refusal's outcome is recorded when the error goes to the client, not before: wait for it to be written.
        List<String> records = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        do {
            records.clear();
            problems.clear();
            AuditReader.forEach(auditDir, entry -> records.add(entry.kind() + " " + entry.record().getPayload()),
                    problem -> problems.add(problem.toString()));
        } while (records.stream().noneMatch(r -> r.contains("42501")) && System.nanoTime() < deadline
                && sleep());
        assertThat(problems).isEmpty();
        String all = String.join("\n", records);
        assertThat(all).contains("SELECT holder FROM cards WHERE id = $1").contains("DROP TABLE cards")
                .contains("readers-read-only").contains("42501");
        assertThat(records).anyMatch(r -> r.contains("\"2\"") || r.contains(": 2"));
        assertThat(records).filteredOn(r -> r.contains("masked_card"))
                .anyMatch(r -> r.contains("{\"rule\": \"cards\", \"values\": 1}"))
                .noneMatch(r -> r.contains("4111 1111"));
    }
}
