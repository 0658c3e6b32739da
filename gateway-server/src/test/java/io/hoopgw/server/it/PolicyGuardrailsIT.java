package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.server.testing.GatewayHarness;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The policy's guardrails through a real gateway to PostgreSQL: the row limit and the statement timeout, which the
 * gateway enforces while relaying (with a CancelRequest), and the limits it checks before a statement leaves:
 * UPDATE and DELETE without WHERE, statement length, statements per Query. The policy is the gateway's configured
 * {@code policy:} section.
 */
class PolicyGuardrailsIT {
    private static final String TEAM = "team";
    private static final String POLICY = """
            guardrails:
              requireWhere: true
              maxStatementLength: 300
              maxStatementsPerQuery: 3
              maxRows: 100
              statementTimeout: 1500ms
            rules:
              - name: team
                groups: [team]
                targets: ["*"]
                allow: {classes: [read, write, session, transaction], functions: [pg_sleep]}
            """;
    private static GatewayHarness harness;

    @BeforeAll
    static void start() throws SQLException {
        harness = PolicyGateways.start(POLICY, TEAM);
        PolicyGateways.asOwner(harness, """
                CREATE TABLE items (id int PRIMARY KEY, label text);
                INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 500) g;
                CREATE TABLE naps (n int);
                """);
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private static RawPgClient team() throws Exception {
        return PolicyGateways.raw(harness, harness.writerRole(), TEAM);
    }

    private static void assertStoppedAtTheRowLimit(ErrorResponse error) {
        assertThat(error.sqlState()).isEqualTo("54000");
        assertThat(error.message()).isEqualTo("hoopgw: the result passed the policy's limit of 100 rows and was"
                + " stopped; narrow the query or add a LIMIT");
    }

    @Test
    void aResultPastTheRowLimitIsStoppedAndTheNextStatementIsNeverCancelledInItsPlace() throws Exception {
        try (RawPgClient client = team()) {
            for (int i = 0; i < 100; i++) {
                RawPgClient.Response stopped = client.simpleQuery("SELECT * FROM items");
                assertThat(stopped.rows()).isEqualTo(100);
                assertThat(stopped.errors()).singleElement()
                        .satisfies(PolicyGuardrailsIT::assertStoppedAtTheRowLimit);
                assertThat(stopped.status()).isEqualTo('I');
                // The gateway cancels the stopped statement upstream; that cancel must not hit this one.
                RawPgClient.Response next = client.simpleQuery("SELECT count(*) FROM items");
                assertThat(next.errors()).as("statement %d after a stopped result", i).isEmpty();
                assertThat(next.tags()).isEqualTo("TDCZ");

                client.send(RawPgClient.extendedQuery("SELECT * FROM items WHERE id > $1", "0"));
                RawPgClient.Response extended = client.readResponse(true);
                assertThat(extended.rows()).isEqualTo(100);
                assertThat(extended.errors()).singleElement()
                        .satisfies(PolicyGuardrailsIT::assertStoppedAtTheRowLimit);
                client.send(RawPgClient.extendedQuery("SELECT label FROM items WHERE id = $1", "7"));
                assertThat(client.readResponse(true).tags()).as("extended statement %d after a stopped result", i)
                        .isEqualTo("12TDCZ");
            }
        }
    }

    @Test
    void aLongResultIsStoppedPromptlyAndRowsUpToTheLimitStillFlowWithPgjdbc() throws Exception {
        try (Connection c = PolicyGateways.jdbc(harness, harness.writerRole(), TEAM, "&prepareThreshold=1");
                Statement s = c.createStatement();
                PreparedStatement limited = c.prepareStatement("SELECT id FROM items ORDER BY id LIMIT ?")) {
            // Ten million rows, streamed (a set-returning function in the select list is not materialised first),
            // would take PostgreSQL seconds to send: the gateway's cancel stops it. 54000, not the statement
            // timeout's 57014: the row limit stopped it (a wall-clock bound would only measure the machine's load).
            assertThatThrownBy(() -> s.executeQuery("SELECT generate_series(1, 10000000) AS g").close())
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("54000"));
            for (int i = 0; i < 50; i++) {
                limited.setInt(1, 100);
                try (ResultSet rs = limited.executeQuery()) {
                    int rows = 0;
                    while (rs.next()) {
                        rows++;
                    }
                    assertThat(rows).isEqualTo(100);
                }
                limited.setInt(1, 101);
                assertThatThrownBy(() -> limited.executeQuery().close())
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("54000"));
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM items")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(500);
            }
        }
    }

    @Test
    void theRowLimitCountsTheRowsFetchedInChunksFromOnePortalTogether() throws Exception {
        try (Connection c = PolicyGateways.jdbc(harness, harness.writerRole(), TEAM, "")) {
            c.setAutoCommit(false); // pgjdbc fetches in chunks (Execute with a row count) only in a transaction
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM items ORDER BY id")) {
                ps.setFetchSize(30);
                int seen = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        seen++;
                    }
                    throw new AssertionError("read all " + seen + " rows past the limit of 100");
                } catch (SQLException e) {
                    assertThat(e.getSQLState()).isEqualTo("54000");
                    assertThat(seen).isEqualTo(90); // three whole chunks of 30; the fourth passed the limit
                }
            }
            c.rollback();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM items WHERE id <= 100 ORDER BY id")) {
                ps.setFetchSize(30);
                int seen = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        seen++;
                    }
                }
                assertThat(seen).isEqualTo(100);
            }
            c.commit();
        }
        try (RawPgClient client = team()) {
            // One portal executed 40 rows at a time: the third Execute passes the limit.
            assertThat(client.simpleQuery("BEGIN").status()).isEqualTo('T');
            client.send(RawPgClient.concat(RawPgClient.parse("", "SELECT id FROM items"),
                    RawPgClient.bind("p", ""), RawPgClient.execute("p", 40), RawPgClient.execute("p", 40),
                    RawPgClient.execute("p", 40), RawPgClient.sync()));
            RawPgClient.Response chunks = client.readResponse(true);
            assertThat(chunks.rows()).isEqualTo(100);
            assertThat(chunks.errors()).singleElement().satisfies(PolicyGuardrailsIT::assertStoppedAtTheRowLimit);
            assertThat(client.simpleQuery("ROLLBACK").status()).isEqualTo('I');
        }
    }

    @Test
    void theRowLimitHoldsForCopyToStdoutToo() throws Exception {
        try (RawPgClient client = team()) {
            for (String copy : List.of("COPY items TO STDOUT", "COPY (SELECT * FROM items) TO STDOUT (FORMAT csv)",
                    "COPY items TO STDOUT (FORMAT binary)")) {
                RawPgClient.Response stopped = client.simpleQuery(copy);
                long rows = stopped.messages().stream().filter(message -> message.tag() == 'd').count();
                assertThat(rows).as(copy).isEqualTo(100); // binary COPY's header travels with the first row
                assertThat(stopped.errors()).as(copy).singleElement()
                        .satisfies(PolicyGuardrailsIT::assertStoppedAtTheRowLimit);
                assertThat(client.simpleQuery("SELECT 1").tags()).isEqualTo("TDCZ");
            }
            // Exactly at the limit, with a CSV header line or a binary trailer in a CopyData of its own: not stopped.
            for (String options : List.of("", "(FORMAT csv, HEADER)", "(FORMAT binary)")) {
                RawPgClient.Response small = client.simpleQuery(
                        "COPY (SELECT * FROM items WHERE id <= 100) TO STDOUT " + options);
                assertThat(small.errors()).as(options).isEmpty();
                assertThat(small.messages().stream().filter(message -> message.tag() == 'd').count())
                        .isEqualTo(options.isEmpty() ? 100 : 101);
            }
        }
    }

    @Test
    void aStatementPastTheTimeoutIsCancelledWithTheGatewaysMessageAndTheNextOneRuns() throws Exception {
        try (RawPgClient client = team()) {
            for (int i = 0; i < 2; i++) {
                long started = System.nanoTime();
                RawPgClient.Response cancelled = client.simpleQuery("SELECT pg_sleep(30)");
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(took).isBetween(Duration.ofMillis(1400), Duration.ofSeconds(5));
                assertThat(cancelled.errors()).singleElement().satisfies(error -> {
                    assertThat(error.sqlState()).isEqualTo("57014");
                    assertThat(error.message()).isEqualTo(
                            "hoopgw: canceling statement due to the policy's statement timeout of 1.5 s");
                });
                assertThat(cancelled.status()).isEqualTo('I');
                assertThat(client.simpleQuery("SELECT pg_sleep(0.2)").errors()).isEmpty();
            }
            client.send(RawPgClient.extendedQuery("SELECT pg_sleep(30)"));
            RawPgClient.Response extended = client.readResponse(true);
            assertThat(extended.errors()).singleElement()
                    .satisfies(error -> assertThat(error.sqlState()).isEqualTo("57014"));
            client.send(RawPgClient.extendedQuery("SELECT 1"));
            assertThat(client.readResponse(true).tags()).isEqualTo("12TDCZ");
        }
        try (Connection c = PolicyGateways.jdbc(harness, harness.writerRole(), TEAM, "");
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("SELECT pg_sleep(30)"))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"))
                    .hasMessageContaining("statement timeout");
            try (ResultSet rs = s.executeQuery("SELECT pg_sleep(0.5), 42")) {
                rs.next();
                assertThat(rs.getInt(2)).isEqualTo(42);
            }
        }
    }

    @Test
    void aBatchWithAStatementPastTheTimeoutIsCancelledAndCommitsNothing() throws Exception {
        try (Connection c = PolicyGateways.jdbc(harness, harness.writerRole(), TEAM, "");
                Statement s = c.createStatement()) {
            for (int i = 0; i < 3; i++) {
                // Each Execute's timeout fires; the statement after the batch must not get a second cancel.
                s.addBatch("INSERT INTO naps SELECT 1 FROM pg_sleep(0.1)");
                s.addBatch("INSERT INTO naps SELECT 2 FROM pg_sleep(30)");
                s.addBatch("INSERT INTO naps SELECT 3 FROM pg_sleep(0)");
                s.addBatch("INSERT INTO naps VALUES (4)");
                long started = System.nanoTime();
                assertThatThrownBy(s::executeBatch).satisfies(e -> {
                    assertThat(((SQLException) e).getSQLState()).isEqualTo("57014");
                    assertThat(e).hasMessageContaining("policy's statement timeout");
                });
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM naps")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("rows of the cancelled batch").isZero();
                }
            }
        }
    }

    @Test
    void updateAndDeleteWithoutWhereAreRefused() throws Exception {
        try (RawPgClient client = team()) {
            RawPgClient.Response delete = client.simpleQuery("DELETE FROM items");
            assertThat(delete.tags()).isEqualTo("EZ");
            assertThat(delete.errors().get(0).sqlState()).isEqualTo("42501");
            assertThat(delete.errors().get(0).message()).startsWith("hoopgw: policy denies write without WHERE")
                    .endsWith("for groups [team] (rule: guardrail:require-where)");
            client.send(RawPgClient.extendedQuery("UPDATE items SET label = 'gone'"));
            RawPgClient.Response update = client.readResponse(true);
            assertThat(update.tags()).isEqualTo("EZ");
            assertThat(update.errors().get(0).message()).contains("guardrail:require-where");
            assertThat(client.simpleQuery("UPDATE items SET label = 'first' WHERE id = 1").errors()).isEmpty();
            assertThat(client.simpleQuery("SELECT count(*) FROM items").rows()).isEqualTo(1);
        }
        try (Connection direct = harness.connectDirectly(); Statement s = direct.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE label = 'first') FROM items")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(500);
            assertThat(rs.getInt(2)).isEqualTo(1);
        }
    }

    @Test
    void statementsOverTheLengthLimitAreRefused() throws Exception {
        String padded = "SELECT 1 AS " + "x".repeat(300);
        try (RawPgClient client = team()) {
            RawPgClient.Response refused = client.simpleQuery(padded);
            assertThat(refused.tags()).isEqualTo("EZ");
            assertThat(refused.errors().get(0).sqlState()).isEqualTo("42501");
            assertThat(refused.errors().get(0).message())
                    .contains("statements longer than 300 characters").contains("guardrail:max-statement-length");
            client.send(RawPgClient.extendedQuery(padded));
            assertThat(client.readResponse(true).errors().get(0).message())
                    .contains("guardrail:max-statement-length");
            assertThat(client.simpleQuery("SELECT 1 AS " + "x".repeat(50)).errors()).isEmpty();
        }
    }

    @Test
    void queriesWithTooManyStatementsAreRefusedWhole() throws Exception {
        try (RawPgClient client = team()) {
            RawPgClient.Response refused = client.simpleQuery(
                    "UPDATE items SET label = 'x' WHERE id = 1; SELECT 2; SELECT 3; SELECT 4");
            assertThat(refused.tags()).isEqualTo("EZ");
            assertThat(refused.errors().get(0).sqlState()).isEqualTo("42501");
            assertThat(refused.errors().get(0).message()).contains("more than 3 statements")
                    .contains("guardrail:max-statements-per-query");
            RawPgClient.Response three = client.simpleQuery("SELECT 1; SELECT 2; SELECT label FROM items WHERE id = 3");
            assertThat(three.errors()).isEmpty();
            assertThat(three.tags()).isEqualTo("TDCTDCTDCZ");
            assertThat(new String(three.messages().get(7).body(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("item 3");
        }
    }
}
