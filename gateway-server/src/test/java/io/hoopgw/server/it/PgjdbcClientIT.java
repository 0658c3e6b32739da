package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.server.testing.GatewayHarness;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.PGResultSetMetaData;
import org.postgresql.PGStatement;
import org.postgresql.copy.CopyManager;

/**
 * pgjdbc through the gateway to a real PostgreSQL: every protocol feature the driver uses must behave as it does
 * against PostgreSQL itself, because the gateway relays sessions without re-encoding them.
 */
class PgjdbcClientIT {
    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static Connection connect(String... settings) throws SQLException {
        Properties properties = new Properties();
        for (int i = 0; i < settings.length; i += 2) {
            properties.setProperty(settings[i], settings[i + 1]);
        }
        return harness.connectAsWriter(properties);
    }

    @Test
    void simpleProtocolRunsQueriesWithInlinedParameters() throws SQLException {
        try (Connection connection = connect("preferQueryMode", "simple");
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT $$it's$$ || ?::text, ?::int * 2, current_user")) {
            statement.setString(1, " simple");
            statement.setInt(2, 21);
            try (ResultSet rs = statement.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("it's simple");
                assertThat(rs.getInt(2)).isEqualTo(42);
                assertThat(rs.getString(3)).isEqualTo(harness.writerRole());
                assertThat(rs.next()).isFalse();
            }
            try (Statement plain = connection.createStatement()) {
                // One simple Query message with two statements: both results come back, in order.
                assertThat(plain.execute("SELECT 1; SELECT 'two'")).isTrue();
                try (ResultSet first = plain.getResultSet()) {
                    assertThat(first.next()).isTrue();
                    assertThat(first.getInt(1)).isEqualTo(1);
                }
                assertThat(plain.getMoreResults()).isTrue();
                try (ResultSet second = plain.getResultSet()) {
                    assertThat(second.next()).isTrue();
                    assertThat(second.getString(1)).isEqualTo("two");
                }
                assertThat(plain.getMoreResults()).isFalse();
            }
        }
    }

    @Test
    void extendedProtocolBindsParameters() throws SQLException {
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT n, n * ?::int, ?::text FROM generate_series(1, ?) AS n ORDER BY n")) {
            statement.setInt(1, 10);
            statement.setString(2, "x'y");
            statement.setInt(3, 3);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getInt(1) + "," + rs.getInt(2) + "," + rs.getString(3));
                }
            }
            assertThat(rows).containsExactly("1,10,x'y", "2,20,x'y", "3,30,x'y");
        }
    }

    @Test
    void preparedStatementKeepsWorkingAfterTheSwitchToServerSidePrepare() throws SQLException {
        // pgjdbc's default threshold is 5: the fifth execution switches to a named server-side statement.
        try (Connection connection = connect();
                PreparedStatement statement = connection.prepareStatement("SELECT ?::int + 1000, 'pgjdbc'")) {
            PGStatement pgStatement = statement.unwrap(PGStatement.class);
            assertThat(pgStatement.getPrepareThreshold()).isEqualTo(5);
            List<Boolean> serverPrepared = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                serverPrepared.add(pgStatement.isUseServerPrepare());
                statement.setInt(1, i);
                try (ResultSet rs = statement.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).as("execution %d", i).isEqualTo(1000 + i);
                    assertThat(rs.getString(2)).isEqualTo("pgjdbc");
                }
            }
            assertThat(serverPrepared.subList(0, 4)).containsOnly(false);
            assertThat(serverPrepared.subList(4, 10)).containsOnly(true);
            assertThat(namedStatementsOf(connection)).anySatisfy(text -> assertThat(text).contains("+ 1000"));
        }
    }

    @Test
    void prepareThresholdOfOneUsesANamedStatementFromTheFirstExecution() throws SQLException {
        try (Connection connection = connect("prepareThreshold", "1");
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM generate_series(1, ?)")) {
            PGStatement pgStatement = statement.unwrap(PGStatement.class);
            for (int i = 1; i <= 6; i++) {
                assertThat(pgStatement.isUseServerPrepare()).isTrue();
                statement.setInt(1, i * 100);
                try (ResultSet rs = statement.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(i * 100L);
                }
            }
            assertThat(namedStatementsOf(connection)).anySatisfy(text -> assertThat(text).contains("generate_series"));
        }
    }

    /** The protocol-level named statements PostgreSQL holds for this session. */
    private static List<String> namedStatementsOf(Connection connection) throws SQLException {
        List<String> statements = new ArrayList<>();
        try (Statement query = connection.createStatement();
                ResultSet rs = query.executeQuery(
                        "SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")) {
            while (rs.next()) {
                statements.add(rs.getString(1));
            }
        }
        return statements;
    }

    @Test
    void binaryTransferRoundTripsEveryCommonType() throws SQLException {
        UUID uuid = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
        OffsetDateTime when = OffsetDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_000, ZoneOffset.UTC);
        BigDecimal amount = new BigDecimal("-12345678901234567890.000123");
        byte[] bytes = {0, 1, 2, (byte) 0xfe, (byte) 0xff, 'P', 'G'};
        // prepareThreshold=-1 makes pgjdbc use a named statement, and so binary results, from the first execution.
        try (Connection connection = connect("binaryTransfer", "true", "prepareThreshold", "-1",
                "binaryTransferEnable", "NUMERIC")) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TABLE binary_types (i4 int4, i8 int8, f8 float8, num numeric, ts timestamptz,"
                        + " data bytea, id uuid)");
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO binary_types VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setInt(1, Integer.MIN_VALUE);
                insert.setLong(2, Long.MAX_VALUE);
                insert.setDouble(3, -0.1 + 1e-300);
                insert.setBigDecimal(4, amount);
                insert.setObject(5, when);
                insert.setBytes(6, bytes);
                insert.setObject(7, uuid);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT i4, i8, f8, num, ts, data, id FROM binary_types WHERE id = ?")) {
                select.setObject(1, uuid);
                try (ResultSet rs = select.executeQuery()) {
                    PGResultSetMetaData metaData = rs.getMetaData().unwrap(PGResultSetMetaData.class);
                    for (int column = 1; column <= 7; column++) {
                        assertThat(metaData.getFormat(column)).as("format of column %d", column).isEqualTo(1);
                    }
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(Integer.MIN_VALUE);
                    assertThat(rs.getLong(2)).isEqualTo(Long.MAX_VALUE);
                    assertThat(rs.getDouble(3)).isEqualTo(-0.1 + 1e-300);
                    assertThat(rs.getBigDecimal(4)).isEqualByComparingTo(amount);
                    assertThat(rs.getObject(5, OffsetDateTime.class)).isEqualTo(when);
                    assertThat(rs.getBytes(6)).containsExactly(bytes);
                    assertThat(rs.getObject(7, UUID.class)).isEqualTo(uuid);
                    assertThat(rs.next()).isFalse();
                }
            }
        }
    }

    @Test
    void copyInAndCopyOutCarryTenThousandRows() throws Exception {
        StringBuilder input = new StringBuilder();
        for (int i = 1; i <= 10_000; i++) {
            input.append(i).append('\t').append("row ").append(i).append(" \\\\ tab\\there").append('\n');
        }
        try (Connection connection = connect()) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TABLE copied (id int PRIMARY KEY, label text)");
            }
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            long copiedIn = copy.copyIn("COPY copied FROM STDIN", new StringReader(input.toString()));
            assertThat(copiedIn).isEqualTo(10_000);

            StringWriter output = new StringWriter();
            long copiedOut = copy.copyOut("COPY (SELECT id, label FROM copied ORDER BY id) TO STDOUT", output);
            assertThat(copiedOut).isEqualTo(10_000);
            assertThat(output.toString()).isEqualTo(input.toString());

            // The session goes on normally after both COPY sub-protocols.
            try (Statement check = connection.createStatement();
                    ResultSet rs = check.executeQuery("SELECT label FROM copied WHERE id = 9999")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("row 9999 \\ tab\there");
            }
        }
        try (Connection direct = harness.connectDirectly();
                Statement check = direct.createStatement();
                ResultSet rs = check.executeQuery("SELECT count(*), sum(id) FROM copied")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(10_000);
            assertThat(rs.getLong(2)).isEqualTo(10_000L * 10_001 / 2);
        }
    }

    @Test
    void listenReceivesANotifyFromAnotherGatewayConnection() throws SQLException {
        try (Connection listener = connect(); Connection notifier = connect()) {
            try (Statement listen = listener.createStatement()) {
                listen.execute("LISTEN hoopgw_it");
            }
            int notifierUpstreamPid;
            try (Statement notify = notifier.createStatement();
                    ResultSet rs = notify.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                notifierUpstreamPid = rs.getInt(1);
                notify.execute("NOTIFY hoopgw_it, 'payload ✓'");
            }
            PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(10_000);
            assertThat(notifications).hasSize(1);
            assertThat(notifications[0].getName()).isEqualTo("hoopgw_it");
            assertThat(notifications[0].getParameter()).isEqualTo("payload ✓");
            // NotificationResponse is relayed unchanged, so it names the upstream backend of the notifier.
            assertThat(notifications[0].getPID()).isEqualTo(notifierUpstreamPid);
        }
    }

    @Test
    void aFailedStatementAbortsTheTransactionUntilRollback() throws SQLException {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE tx_items (id int)");
                statement.execute("INSERT INTO tx_items VALUES (1)");
                assertThatThrownBy(() -> statement.execute("SELECT 1 / 0"))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22012"));
                assertThatThrownBy(() -> statement.execute("SELECT 1"))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25P02"));
                connection.rollback();
                try (ResultSet rs = statement.executeQuery(
                        "SELECT count(*) FROM pg_tables WHERE tablename = 'tx_items'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("the CREATE TABLE was rolled back").isZero();
                }
                statement.execute("CREATE TABLE tx_items (id int)");
                statement.execute("INSERT INTO tx_items VALUES (2)");
                connection.commit();
                try (ResultSet rs = statement.executeQuery("SELECT id FROM tx_items")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(2);
                    assertThat(rs.next()).isFalse();
                }
            }
        }
    }

    @Test
    void cancelStopsALongQueryAndTheSessionGoesOn() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            String marker = "cancel-" + UUID.randomUUID();
            String sql = "SELECT pg_sleep(30) /* " + marker + " */";
            long started = System.nanoTime();
            Future<?> running = executor.submit(() -> statement.executeQuery(sql));
            awaitActiveQuery(marker, Duration.ofSeconds(10));
            statement.cancel();
            assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            try (ResultSet rs = statement.executeQuery("SELECT 'still here'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("still here");
            }
        } finally {
            executor.shutdownNow();
        }
    }

    /** Polls PostgreSQL (bypassing the gateway) until a query containing {@code marker} is running. */
    private static void awaitActiveQuery(String marker, Duration limit) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        try (Connection direct = harness.connectDirectly();
                PreparedStatement activity = direct.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE ?")) {
            activity.setString(1, "%" + marker + "%");
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = activity.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the query marked " + marker + " did not start within " + limit);
    }

    @Test
    void theClientSeesTheGatewaysBackendKeyNotTheUpstreams() throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            assertThat(rs.next()).isTrue();
            int upstreamPid = rs.getInt(1);
            int clientVisiblePid = connection.unwrap(PGConnection.class).getBackendPID();
            assertThat(clientVisiblePid).isPositive().isNotEqualTo(upstreamPid);
        }
    }

    @Test
    void databaseMetaDataFindsTheCreatedTable() throws SQLException {
        try (Connection connection = connect()) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("CREATE TABLE meta_items (id bigint PRIMARY KEY, name text NOT NULL, price numeric(10,2))");
            }
            DatabaseMetaData metaData = connection.getMetaData();
            assertThat(metaData.getUserName()).isEqualTo(harness.writerRole());
            try (ResultSet tables = metaData.getTables(null, "public", "meta_items", new String[] {"TABLE"})) {
                assertThat(tables.next()).isTrue();
                assertThat(tables.getString("TABLE_NAME")).isEqualTo("meta_items");
                assertThat(tables.getString("TABLE_TYPE")).isEqualTo("TABLE");
                assertThat(tables.next()).isFalse();
            }
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = metaData.getColumns(null, "public", "meta_items", null)) {
                while (rs.next()) {
                    columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getString("TYPE_NAME") + ":"
                            + rs.getString("IS_NULLABLE"));
                }
            }
            assertThat(columns).containsExactly("id:int8:NO", "name:text:NO", "price:numeric:YES");
            try (ResultSet keys = metaData.getPrimaryKeys(null, "public", "meta_items")) {
                assertThat(keys.next()).isTrue();
                assertThat(keys.getString("COLUMN_NAME")).isEqualTo("id");
                assertThat(keys.getString("PK_NAME")).isEqualTo("meta_items_pkey");
                assertThat(keys.next()).isFalse();
            }
        }
    }

    @Test
    void theReaderRoleReadsButPostgresRefusesItsWrites() throws SQLException {
        try (Connection writer = connect(); Statement statement = writer.createStatement()) {
            statement.execute("CREATE TABLE reader_items (id int)");
            statement.execute("INSERT INTO reader_items VALUES (7)");
        }
        Properties properties = new Properties();
        properties.setProperty("user", harness.readerRole());
        properties.setProperty("password", harness.token("reader@example.com", "readers"));
        try (Connection reader = DriverManager.getConnection(harness.jdbcUrl(), properties);
                Statement statement = reader.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT current_user, id FROM reader_items")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(harness.readerRole());
                assertThat(rs.getInt(2)).isEqualTo(7);
            }
            assertThatThrownBy(() -> statement.execute("INSERT INTO reader_items VALUES (8)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> {
                        assertThat(((SQLException) e).getSQLState()).isEqualTo("42501");
                        // The refusal is PostgreSQL's own, relayed, not one the gateway made.
                        assertThat(e.getMessage()).contains("permission denied for table reader_items")
                                .doesNotContain("hoopgw:");
                    });
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM reader_items")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void plaintextLoginWorksWhereTheListenerAllowsIt() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", harness.writerRole());
        properties.setProperty("password", harness.token("writer@example.com", "writers"));
        String url = "jdbc:postgresql://127.0.0.1:" + harness.port() + "/" + harness.target() + "?sslmode=disable";
        try (Connection connection = DriverManager.getConnection(url, properties);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_user, current_database()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(harness.writerRole());
            assertThat(rs.getString(2)).isEqualTo(harness.target());
        }
    }
}
