package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.core.policy.PolicyEngine;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.server.policy.PolicySource;
import io.hoopgw.server.testing.GatewayHarness;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a client sees when the policy refuses a statement, over the simple and the extended protocol, inside and
 * outside transaction blocks, in batches and in multi-statement strings: the gateway's 42501 at the refused
 * message, the rest of an extended-protocol batch discarded up to Sync, transaction state as after any error, and
 * nothing of a refused batch committed. Both groups log in as the tables' owner, so whatever the gateway let
 * through would really run.
 */
class PolicyDenialIT {
    private static final String CLERKS = "clerks";
    private static final String READERS = "readers";
    private static final String POLICY = """
            rules:
              - name: ledger-clerks
                groups: [clerks]
                targets: ["*"]
                allow: {classes: [read, write, session, transaction], write: ["public.ledger"]}
              - name: readers-read-only
                groups: [readers]
                targets: ["*"]
                readOnly: true
                allow: {classes: [read, session, transaction]}
            """;
    private static final String DENIED_DELETE = "hoopgw: policy denies write on ledger for groups [readers]"
            + " (rule: readers-read-only)";
    private static final String DENIED_PROTECTED = "hoopgw: policy denies write on protected for groups"
            + " [clerks] (rule: ledger-clerks)";
    private static final AtomicReference<PolicyEngine> POLICY_IN_FORCE = new AtomicReference<>();
    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        POLICY_IN_FORCE.set(PolicyGateways.engine(POLICY));
        PolicySource source = POLICY_IN_FORCE::get;
        harness = PolicyGateways.start(source, CLERKS, READERS);
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @BeforeEach
    void tables() throws SQLException {
        POLICY_IN_FORCE.set(PolicyGateways.engine(POLICY));
        PolicyGateways.asOwner(harness, """
                DROP TABLE IF EXISTS ledger, protected;
                CREATE TABLE ledger (id int PRIMARY KEY, note text);
                INSERT INTO ledger VALUES (1, 'first'), (2, 'second');
                CREATE TABLE protected (id int PRIMARY KEY);
                INSERT INTO protected VALUES (1);
                """);
    }

    private RawPgClient reader() throws Exception {
        return PolicyGateways.raw(harness, harness.writerRole(), READERS);
    }

    private static void assertDenied(RawPgClient.Response response, String tags, String message) {
        assertThat(response.tags()).isEqualTo(tags);
        assertThat(response.errors()).singleElement().satisfies(error -> {
            assertThat(error.sqlState()).isEqualTo("42501");
            assertThat(error.message()).isEqualTo(message);
            assertThat(error.severity()).isEqualTo(ErrorResponse.Severity.ERROR);
        });
    }

    private List<String> ledger() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection direct = harness.connectDirectly(); Statement statement = direct.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id || ':' || note FROM ledger ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    @Test
    void aRefusedSimpleQueryGets42501ThenReadyForQueryAndTheSessionGoesOn() throws Exception {
        try (RawPgClient client = reader()) {
            RawPgClient.Response denied = client.simpleQuery("DELETE FROM ledger WHERE id = 1");
            assertDenied(denied, "EZ", DENIED_DELETE);
            assertThat(denied.status()).isEqualTo('I');
            RawPgClient.Response read = client.simpleQuery("SELECT count(*) FROM ledger");
            assertThat(read.errors()).isEmpty();
            assertThat(read.tags()).isEqualTo("TDCZ");
        }
        assertThat(ledger()).containsExactly("1:first", "2:second");
    }

    @Test
    void aRefusedParseFailsAtTheParseAndTheRestIsDiscardedUpToSync() throws Exception {
        try (RawPgClient client = reader()) {
            client.send(RawPgClient.extendedQuery("DELETE FROM ledger WHERE id = $1", "1"));
            assertDenied(client.readResponse(true), "EZ", DENIED_DELETE);
            // Everything after the refused Parse, across several messages, up to the Sync: one error, one Z.
            client.send(RawPgClient.concat(RawPgClient.parse("", "SELECT 1"), RawPgClient.bind("", ""),
                    RawPgClient.execute("", 0), RawPgClient.parse("w", "UPDATE ledger SET note = 'x' WHERE id = 2"),
                    RawPgClient.bind("", "w"), RawPgClient.execute("", 0), RawPgClient.parse("", "SELECT 2"),
                    RawPgClient.bind("", ""), RawPgClient.execute("", 0), RawPgClient.sync()));
            RawPgClient.Response pipeline = client.readResponse(true);
            assertThat(pipeline.tags()).isEqualTo("12DCEZ");
            assertThat(pipeline.errors()).singleElement().satisfies(error -> assertThat(error.message())
                    .isEqualTo(DENIED_DELETE));
            client.send(RawPgClient.extendedQuery("SELECT note FROM ledger WHERE id = $1", "2"));
            RawPgClient.Response read = client.readResponse(true);
            assertThat(read.tags()).isEqualTo("12TDCZ");
        }
        assertThat(ledger()).containsExactly("1:first", "2:second");
    }

    @Test
    void refusalsAmongPipelinedRequestsEachGetTheirOwnAnswer() throws Exception {
        try (RawPgClient client = reader()) {
            // One write: a refused Query, a read, a refused Parse up to its Sync, a read by the extended protocol.
            client.send(RawPgClient.concat(RawPgClient.query("DELETE FROM ledger WHERE id = 1"),
                    RawPgClient.query("SELECT note FROM ledger WHERE id = 1"),
                    RawPgClient.parse("", "UPDATE ledger SET note = 'x' WHERE id = 1"), RawPgClient.bind("", ""),
                    RawPgClient.execute("", 0), RawPgClient.sync(),
                    RawPgClient.parse("", "SELECT note FROM ledger WHERE id = $1"), RawPgClient.bind("", "", "2"),
                    RawPgClient.execute("", 0), RawPgClient.sync()));
            assertDenied(client.readResponse(), "EZ", DENIED_DELETE);
            assertThat(client.readResponse().tags()).isEqualTo("TDCZ");
            assertDenied(client.readResponse(true), "EZ", DENIED_DELETE);
            RawPgClient.Response read = client.readResponse(true);
            assertThat(read.tags()).isEqualTo("12DCZ");
            assertThat(new String(read.messages().get(2).body(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("second");
        }
        assertThat(ledger()).containsExactly("1:first", "2:second");
    }

    @Test
    void aBindOfAStatementTheGatewayNeverCheckedIsRefusedAtTheBind() throws Exception {
        try (RawPgClient client = reader()) {
            // SQL PREPARE makes a statement the extended protocol can bind, but the gateway never saw it parsed.
            assertThat(client.simpleQuery("PREPARE sneaky AS SELECT note FROM ledger").errors()).isEmpty();
            client.send(RawPgClient.concat(RawPgClient.bind("", "sneaky"), RawPgClient.describePortal(""),
                    RawPgClient.execute("", 0), RawPgClient.sync()));
            RawPgClient.Response refused = client.readResponse(true);
            assertThat(refused.tags()).isEqualTo("EZ");
            assertThat(refused.errors().get(0).sqlState()).isEqualTo("42501");
            assertThat(refused.errors().get(0).message()).contains("cannot check prepared statement \"sneaky\"");
            client.send(RawPgClient.extendedQuery("SELECT 1"));
            assertThat(client.readResponse(true).tags()).isEqualTo("12TDCZ");
        }
    }

    @Test
    void aStatementPreparedUnderAnOlderPolicyIsRefusedAtItsBindWithPgjdbc() throws Exception {
        try (Connection c = PolicyGateways.jdbc(harness, harness.writerRole(), CLERKS, "&prepareThreshold=1");
                PreparedStatement insert = c.prepareStatement("INSERT INTO ledger VALUES (?, 'clerk')");
                PreparedStatement count = c.prepareStatement("SELECT count(*) FROM ledger")) {
            insert.setInt(1, 3);
            assertThat(insert.executeUpdate()).isEqualTo(1);
            // The policy is reloaded: clerks may no longer write. The server still holds the prepared INSERT.
            POLICY_IN_FORCE.set(PolicyGateways.engine(POLICY.replace("classes: [read, write, session, transaction]",
                    "classes: [read, session, transaction]")));
            insert.setInt(1, 4);
            assertThatThrownBy(insert::executeUpdate).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"))
                    .hasMessageContaining("policy denies write on ledger");
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }
            POLICY_IN_FORCE.set(PolicyGateways.engine(POLICY));
            insert.setInt(1, 5);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
        assertThat(ledger()).containsExactly("1:first", "2:second", "3:clerk", "5:clerk");
    }

    @Test
    void aRefusedServerPreparedStatementWithPgjdbcLeavesTheConnectionUsable() throws Exception {
        try (Connection c = PolicyGateways.jdbc(harness, harness.writerRole(), READERS, "&prepareThreshold=1");
                PreparedStatement delete = c.prepareStatement("DELETE FROM ledger WHERE id = ?");
                PreparedStatement read = c.prepareStatement("SELECT note FROM ledger WHERE id = ?")) {
            for (int i = 0; i < 3; i++) {
                delete.setInt(1, 1);
                assertThatThrownBy(delete::executeUpdate).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"))
                        .hasMessageContaining(DENIED_DELETE);
                read.setInt(1, 1);
                try (ResultSet rs = read.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("first");
                }
            }
        }
        assertThat(ledger()).containsExactly("1:first", "2:second");
    }

    @Test
    void aRefusalInsideATransactionBlockAbortsItUntilRollback() throws Exception {
        try (RawPgClient client = reader()) {
            assertThat(client.simpleQuery("BEGIN").status()).isEqualTo('T');
            assertThat(client.simpleQuery("SELECT 1").status()).isEqualTo('T');
            RawPgClient.Response denied = client.simpleQuery("DELETE FROM ledger WHERE id = 1");
            assertDenied(denied, "EZ", DENIED_DELETE);
            assertThat(denied.status()).isEqualTo('E');
            RawPgClient.Response next = client.simpleQuery("SELECT 1");
            assertThat(next.errors()).singleElement()
                    .satisfies(error -> assertThat(error.sqlState()).isEqualTo("25P02"));
            assertThat(next.status()).isEqualTo('E');
            assertThat(client.simpleQuery("ROLLBACK").status()).isEqualTo('I');

            // The same with the extended protocol: the refused Parse aborts the block.
            assertThat(client.simpleQuery("BEGIN").status()).isEqualTo('T');
            client.send(RawPgClient.extendedQuery("DELETE FROM ledger WHERE id = 1"));
            RawPgClient.Response parse = client.readResponse(true);
            assertDenied(parse, "EZ", DENIED_DELETE);
            assertThat(parse.status()).isEqualTo('E');
            client.send(RawPgClient.extendedQuery("SELECT 1"));
            assertThat(client.readResponse(true).errors()).singleElement()
                    .satisfies(error -> assertThat(error.sqlState()).isEqualTo("25P02"));
            assertThat(client.simpleQuery("ROLLBACK").status()).isEqualTo('I');
            assertThat(client.simpleQuery("SELECT 1").tags()).isEqualTo("TDCZ");
        }
    }

    @Test
    void rollbackToASavepointRecoversFromARefusal() throws Exception {
        try (RawPgClient client = reader()) {
            client.simpleQuery("BEGIN");
            client.simpleQuery("SAVEPOINT before_delete");
            assertThat(client.simpleQuery("DELETE FROM ledger WHERE id = 1").status()).isEqualTo('E');
            assertThat(client.simpleQuery("ROLLBACK TO SAVEPOINT before_delete").status()).isEqualTo('T');
            RawPgClient.Response read = client.simpleQuery("SELECT count(*) FROM ledger");
            assertThat(read.errors()).isEmpty();
            assertThat(read.status()).isEqualTo('T');
            assertThat(client.simpleQuery("COMMIT").status()).isEqualTo('I');
        }
        try (Connection c = PolicyGateways.jdbc(harness, harness.writerRole(), CLERKS, "&prepareThreshold=1")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO ledger VALUES (3, 'kept')");
                Savepoint savepoint = c.setSavepoint();
                assertThatThrownBy(() -> s.executeUpdate("DELETE FROM protected WHERE id = 1"))
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"))
                        .hasMessageContaining(DENIED_PROTECTED);
                assertThatThrownBy(() -> s.executeQuery("SELECT 1"))
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25P02"));
                c.rollback(savepoint);
                s.executeUpdate("INSERT INTO ledger VALUES (4, 'kept too')");
                c.commit();
            }
        }
        assertThat(ledger()).containsExactly("1:first", "2:second", "3:kept", "4:kept too");
    }

    @Test
    void aBatchWithOneRefusedStatementCommitsNothing() throws Exception {
        try (Connection c = PolicyGateways.jdbc(harness, harness.writerRole(), CLERKS, "")) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO ledger VALUES (?, 'batch')");
                    Statement s = c.createStatement()) {
                insert.setInt(1, 10);
                insert.addBatch();
                insert.setInt(1, 11);
                insert.addBatch();
                insert.executeBatch();
                s.addBatch("INSERT INTO ledger VALUES (20, 'batch')");
                s.addBatch("INSERT INTO protected VALUES (20)");
                s.addBatch("INSERT INTO ledger VALUES (21, 'batch')");
                assertThatThrownBy(s::executeBatch).isInstanceOf(BatchUpdateException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
            }
            // pgjdbc sends the parts of a multi-statement string as one pipeline with one Sync, too.
            try (Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("INSERT INTO ledger VALUES (30, 'multi');"
                        + " DELETE FROM protected WHERE id = 1; INSERT INTO ledger VALUES (31, 'multi')"))
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM ledger")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(4);
                }
            }
        }
        assertThat(ledger()).containsExactly("1:first", "2:second", "10:batch", "11:batch");
    }

    @Test
    void aMultiStatementQueryWithOneRefusedPartRunsNothing() throws Exception {
        try (RawPgClient client = PolicyGateways.raw(harness, harness.writerRole(), CLERKS)) {
            RawPgClient.Response refused = client.simpleQuery("INSERT INTO ledger VALUES (40, 'multi');"
                    + " DELETE FROM protected WHERE id = 1; INSERT INTO ledger VALUES (41, 'multi')");
            assertDenied(refused, "EZ", DENIED_PROTECTED);
            // The same inside a transaction block, which the refusal aborts.
            client.simpleQuery("BEGIN");
            RawPgClient.Response inBlock = client.simpleQuery("INSERT INTO ledger VALUES (42, 'multi');"
                    + " INSERT INTO protected VALUES (2)");
            assertThat(inBlock.status()).isEqualTo('E');
            assertThat(client.simpleQuery("COMMIT").tags()).isEqualTo("CZ"); // ROLLBACK, as after any error
            assertThat(client.simpleQuery("SELECT count(*) FROM ledger").rows()).isEqualTo(1);
        }
        assertThat(ledger()).containsExactly("1:first", "2:second");
    }

    @Test
    void aRefusalAfterAnExtendedProtocolCopyIsStillTheGatewaysOwn() throws Exception {
        // A client that sends Sync right after the Execute of a COPY FROM STDIN (as tokio-postgres does) sends a
        // second one after CopyDone or CopyFail: PostgreSQL ignores the first. The gateway must not wait for an
        // answer to it, or every later response is attributed to the wrong request.
        try (RawPgClient client = PolicyGateways.raw(harness, harness.writerRole(), CLERKS)) {
            client.send(RawPgClient.extendedQuery("COPY ledger FROM STDIN"));
            RawPgClient.Response copy = client.readResponse(true);
            assertThat(copy.tags()).isEqualTo("12nGEZ");
            assertDenied(client.simpleQuery("DELETE FROM protected WHERE id = 1"), "EZ", DENIED_PROTECTED);
            assertThat(client.simpleQuery("SELECT 1").tags()).isEqualTo("TDCZ");
            client.send(RawPgClient.extendedQuery("DELETE FROM protected WHERE id = 1"));
            assertDenied(client.readResponse(true), "EZ", DENIED_PROTECTED);
        }
    }
}
