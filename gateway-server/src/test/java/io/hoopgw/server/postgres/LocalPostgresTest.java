package io.hoopgw.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One embedded server, set up with settings and an extra pg_hba line, checked through real pgjdbc connections. */
class LocalPostgresTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static LocalPostgres postgres;

    @BeforeAll
    static void start() {
        postgres = LocalPostgres.start(LocalPostgres.Options.builder()
                .strategy(LocalPostgres.Strategy.EMBEDDED)
                .setting("log_statement", "all")
                .setting("max_connections", "37")
                .setting("application_name", "it's quoted")
                .hbaLine("host all refused 127.0.0.1/32 reject")
                .superuser("admin")
                .superuserPassword(PASSWORD)
                .build());
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void superuserLogsInWithScramOverLoopback() throws SQLException {
        assertThat(postgres.host()).isEqualTo("127.0.0.1");
        assertThat(postgres.superuser()).isEqualTo("admin");
        assertThat(postgres.superuserPassword()).isEqualTo(PASSWORD);
        assertThat(postgres.jdbcUrl("postgres"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres");
        try (Connection connection = connect("postgres", "admin", PASSWORD)) {
            assertThat(Jdbc.query(connection, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"))
                    .containsExactly("true");
            assertThat(Jdbc.query(connection, "SELECT left(rolpassword, 14) FROM pg_authid WHERE rolname = 'admin'"))
                    .containsExactly("SCRAM-SHA-256$");
            assertThat(Jdbc.query(connection, "SELECT host(inet_client_addr())")).containsExactly("127.0.0.1");
        }
    }

    @Test
    void wrongPasswordIsRejected() {
        assertThatThrownBy(() -> connect("postgres", "admin", "wrong"))
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("28P01");
    }

    @Test
    void settingsAreApplied() throws SQLException {
        try (Connection connection = connect("postgres", "admin", PASSWORD)) {
            assertThat(Jdbc.query(connection, "SHOW log_statement")).containsExactly("all");
            assertThat(Jdbc.query(connection, "SHOW max_connections")).containsExactly("37");
            assertThat(Jdbc.query(connection, "SELECT reset_val FROM pg_settings WHERE name = 'application_name'"))
                    .containsExactly("it's quoted");
            assertThat(Jdbc.query(connection, "SHOW fsync")).containsExactly("off");
            assertThat(Jdbc.query(connection, "SHOW password_encryption")).containsExactly("scram-sha-256");
            assertThat(Jdbc.query(connection, "SHOW listen_addresses")).containsExactly("127.0.0.1");
            String dataDir = Jdbc.query(connection, "SHOW data_directory").get(0);
            assertThat(Jdbc.query(connection, "SHOW unix_socket_directories")).containsExactly(dataDir);
            assertThat(Files.exists(Path.of(dataDir, ".s.PGSQL." + postgres.port()))).isTrue();
        }
    }

    @Test
    void logStatementWritesStatementsToTheLogFile() throws Exception {
        postgres.execute("postgres", "SELECT 'logged-marker-7731'");
        assertThat(postgres.logFile()).isPresent();
        // pgjdbc uses the extended protocol, which log_statement reports as "execute <unnamed>: ...".
        assertThat(Files.readString(postgres.logFile().get())).containsPattern(
                "LOG: {2}execute <unnamed>: SELECT 'logged-marker-7731'");
    }

    @Test
    void extraHbaLinesComeBeforeTheDefaultRule() throws SQLException {
        postgres.execute("postgres", "CREATE ROLE refused LOGIN PASSWORD 'pw1'");
        postgres.execute("postgres", "CREATE ROLE accepted LOGIN PASSWORD 'pw2'");
        try (Connection connection = connect("postgres", "admin", PASSWORD)) {
            assertThat(Jdbc.query(connection, "SELECT type || ' ' || array_to_string(user_name, ',') || ' '"
                    + " || coalesce(address, '-') || ' ' || auth_method FROM pg_hba_file_rules ORDER BY rule_number"))
                    .containsExactly(
                            "host refused 127.0.0.1 reject",
                            "local all - scram-sha-256",
                            "host all 127.0.0.1 scram-sha-256");
        }
        assertThatThrownBy(() -> connect("postgres", "refused", "pw1"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("pg_hba.conf rejects connection");
        try (Connection connection = connect("postgres", "accepted", "pw2")) {
            assertThat(Jdbc.query(connection, "SELECT current_user")).containsExactly("accepted");
        }
    }

    @Test
    void executeRunsSqlAndReportsFailuresWithTheirSqlState() throws SQLException {
        postgres.execute("postgres", "CREATE DATABASE executed");
        postgres.execute("executed", "CREATE TABLE t (x int); INSERT INTO t VALUES (1), (2)");
        try (Connection connection = connect("executed", "admin", PASSWORD)) {
            assertThat(Jdbc.query(connection, "SELECT sum(x)::text FROM t")).containsExactly("3");
        }
        assertThatThrownBy(() -> postgres.execute("executed", "SELECT * FROM missing"))
                .isInstanceOf(LocalPostgresException.class)
                .hasMessageContaining("SQLSTATE 42P01")
                .hasCauseInstanceOf(SQLException.class);
    }

    @Test
    void reportsItsStrategyAndBinaries() {
        assertThat(postgres.strategy()).isEqualTo(LocalPostgres.Strategy.EMBEDDED);
        assertThat(postgres.binDir()).isPresent();
        assertThat(postgres.binDir().get().resolve("postgres")).isExecutable();
    }

    @Test
    void sweepingLeavesARunningServersDirectoryAlone() throws SQLException {
        Path run = postgres.logFile().orElseThrow().getParent();
        RunDirectory.sweepStale(run.getParent());
        assertThat(run).exists();
        try (Connection connection = connect("postgres", "admin", PASSWORD)) {
            assertThat(Jdbc.query(connection, "SELECT 1")).containsExactly("1");
        }
    }

    private static Connection connect(String database, String user, String password) throws SQLException {
        return Jdbc.connect(postgres, database, user, password);
    }
}
