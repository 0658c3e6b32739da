package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.server.testing.GatewayHarness;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tools a read-only group uses still work under its policy: psql's backslash commands, pgjdbc's
 * DatabaseMetaData, pgbench's select-only run in every query mode. Its upstream session is opened with
 * {@code default_transaction_read_only = on}, statements that would turn that off are refused, and what the
 * classifier lets through (a function the rule allows) is still stopped by PostgreSQL when it writes.
 */
class PolicyReadOnlyToolsIT {
    private static final String READERS = "readers";
    private static final String OWNERS = "owners";
    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static GatewayHarness harness;
    private static ClientProcess.Result initialisation;

    @TempDir
    Path workDir;

    @BeforeAll
    static void start() throws SQLException {
        String policy = """
                rules:
                  - name: owners
                    groups: [owners]
                    targets: ["*"]
                    allow:
                      classes: [read, write, ddl, admin, session, transaction]
                      functions: ["*", "*.*"]
                  - name: readers-read-only
                    groups: [readers]
                    targets: ["*"]
                    readOnly: true
                    allow: {classes: [read, session, transaction], functions: ["public.*"]}
                """;
        harness = PolicyGateways.start(policy, OWNERS);
        PolicyGateways.asOwner(harness, """
                CREATE TABLE items (id bigint PRIMARY KEY, label text NOT NULL DEFAULT 'none');
                CREATE INDEX items_label ON items (label);
                INSERT INTO items VALUES (1, 'one'), (2, 'two');
                CREATE SCHEMA reports;
                CREATE FUNCTION bump() RETURNS int LANGUAGE sql AS $$ INSERT INTO items VALUES (3, 'three')
                    RETURNING 1 $$;
                CREATE PROCEDURE tidy() LANGUAGE sql AS $$ DELETE FROM items WHERE id > 2 $$;
                """);
        // pgbench's initialisation (DDL, COPY FROM STDIN, VACUUM) as a group allowed all of it.
        initialisation = pgbench(OWNERS, harness.writerRole(), "-i", "-s", "1", "-q");
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private static ClientProcess.Result pgbench(String group, String role, String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                PostgresClientBinaries.require("pgbench", harness.postgres()).toString()));
        command.addAll(List.of(arguments));
        Map<String, String> environment = Map.of(
                "PGHOST", "127.0.0.1",
                "PGPORT", Integer.toString(harness.port()),
                "PGDATABASE", harness.target(),
                "PGUSER", role,
                "PGPASSWORD", harness.token(group + "@example.com", group),
                "PGSSLMODE", "require",
                "PGCONNECT_TIMEOUT", "5");
        return ClientProcess.run(command, environment, Path.of(System.getProperty("java.io.tmpdir")),
                Duration.ofSeconds(60));
    }

    private ClientProcess.Result psql(String command) {
        Path psql = PostgresClientBinaries.require("psql", harness.postgres());
        return ClientProcess.run(List.of(psql.toString(), "-X", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose",
                        "host=127.0.0.1 port=" + harness.port() + " dbname=" + harness.target() + " user="
                                + harness.readerRole() + " sslmode=require", "-c", command),
                Map.of("PGPASSWORD", harness.token("psql@example.com", READERS), "PGCONNECT_TIMEOUT", "5"),
                workDir, Duration.ofSeconds(30));
    }

    /** Whether psql's major version is below the server's (Debian 12 ships psql 15; the tests' server is newer). */
    private static boolean psqlOlderThanServer() throws SQLException {
        Path psql = PostgresClientBinaries.require("psql", harness.postgres());
        ClientProcess.Result version = ClientProcess.run(List.of(psql.toString(), "--version"), Map.of(),
                Path.of(System.getProperty("java.io.tmpdir")), Duration.ofSeconds(10));
        Matcher major = Pattern.compile("\\) (\\d+)").matcher(version.stdout());
        assertThat(major.find()).as(version.describe()).isTrue();
        try (Connection c = reader(); Statement s = c.createStatement()) {
            return Integer.parseInt(major.group(1)) * 10_000 < Integer.parseInt(show(s, "server_version_num"));
        }
    }

    private static Connection reader() throws SQLException {
        return PolicyGateways.jdbc(harness, harness.readerRole(), READERS, "");
    }

    @Test
    void psqlBackslashCommandsWork() throws SQLException {
        ClientProcess.Result tables = psql("\\dt");
        assertThat(tables.exitCode()).as(tables.describe()).isZero();
        assertThat(tables.stdout()).containsPattern("public\\s*\\|\\s*items\\s*\\|\\s*table")
                .containsPattern("public\\s*\\|\\s*pgbench_accounts\\s*\\|\\s*table");

        ClientProcess.Result table = psql("\\d items");
        assertThat(table.exitCode()).as(table.describe()).isZero();
        assertThat(table.stdout()).contains("Table \"public.items\"")
                .containsPattern("label\\s*\\|\\s*text\\s*\\|\\s*\\|\\s*not null\\s*\\|\\s*'none'::text")
                .contains("\"items_pkey\" PRIMARY KEY, btree (id)").contains("\"items_label\" btree (label)");

        ClientProcess.Result databases = psql("\\l");
        if (psqlOlderThanServer()) {
            // An older psql's \l names pg_database columns the server renamed: PostgreSQL's error, not ours.
            assertThat(databases.stderr()).as(databases.describe()).contains("ERROR:  42703:")
                    .doesNotContain("hoopgw");
        } else {
            assertThat(databases.exitCode()).as(databases.describe()).isZero();
            assertThat(databases.stdout()).contains(harness.target()).contains("List of databases");
        }

        ClientProcess.Result schemas = psql("\\dn");
        assertThat(schemas.exitCode()).as(schemas.describe()).isZero();
        assertThat(schemas.stdout()).containsPattern("reports\\s*\\|\\s*" + harness.writerRole());

        ClientProcess.Result functions = psql("\\df bump");
        assertThat(functions.exitCode()).as(functions.describe()).isZero();
        assertThat(functions.stdout()).containsPattern("public\\s*\\|\\s*bump\\s*\\|\\s*integer");

        ClientProcess.Result write = psql("DELETE FROM items WHERE id = 1");
        assertThat(write.exitCode()).as(write.describe()).isNotZero();
        assertThat(write.stderr()).contains("hoopgw: policy denies write on items");
    }

    @Test
    void pgjdbcDatabaseMetaDataWorks() throws SQLException {
        try (Connection c = reader()) {
            DatabaseMetaData meta = c.getMetaData();
            assertThat(names(meta.getTables(null, "public", "%", new String[] {"TABLE"}), "TABLE_NAME"))
                    .contains("items", "pgbench_accounts");
            assertThat(names(meta.getColumns(null, "public", "items", null), "COLUMN_NAME"))
                    .containsExactly("id", "label");
            assertThat(names(meta.getPrimaryKeys(null, "public", "items"), "PK_NAME")).containsExactly("items_pkey");
            assertThat(names(meta.getIndexInfo(null, "public", "items", false, false), "INDEX_NAME"))
                    .contains("items_pkey", "items_label");
            assertThat(names(meta.getProcedures(null, "public", "%"), "PROCEDURE_NAME")).contains("tidy");
            assertThat(names(meta.getFunctions(null, "public", "%"), "FUNCTION_NAME")).contains("bump");
            assertThat(names(meta.getSchemas(), "TABLE_SCHEM")).contains("public", "reports");
            assertThat(names(meta.getImportedKeys(null, "public", "pgbench_accounts"), "FK_NAME")).isEmpty();
            assertThat(names(meta.getTypeInfo(), "TYPE_NAME")).contains("int8", "text");
        }
    }

    private static List<String> names(ResultSet rs, String column) throws SQLException {
        List<String> names = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                names.add(rs.getString(column));
            }
        }
        return names;
    }

    @ParameterizedTest(name = "-M {0}")
    @ValueSource(strings = {"simple", "extended", "prepared"})
    void pgbenchSelectOnlyRuns(String mode) {
        assertThat(initialisation.exitCode()).as(initialisation.describe()).isZero();
        ClientProcess.Result run = pgbench(READERS, harness.readerRole(), "-S", "-n", "-t", "200", "-c", "2",
                "-M", mode);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        Matcher processed = PROCESSED.matcher(run.stdout());
        assertThat(processed.find()).as(run.describe()).isTrue();
        assertThat(processed.group(1)).isEqualTo("400");
        assertThat(run.stdout()).doesNotContain("failed transactions: 1");
        // The default run writes (UPDATE pgbench_accounts ...): refused.
        ClientProcess.Result writes = pgbench(READERS, harness.readerRole(), "-n", "-t", "1", "-c", "1", "-M", mode);
        assertThat(writes.exitCode()).as(writes.describe()).isNotZero();
        assertThat(writes.stderr()).contains("hoopgw: policy denies write on pgbench_accounts");
    }

    @Test
    void theUpstreamSessionIsReadOnlyAndCannotBeMadeWritable() throws SQLException {
        try (Connection c = reader(); Statement s = c.createStatement()) {
            assertThat(show(s, "default_transaction_read_only")).isEqualTo("on");
            assertThat(show(s, "transaction_read_only")).isEqualTo("on");
            for (String escape : List.of(
                    "SET default_transaction_read_only = off",
                    "SET SESSION default_transaction_read_only TO false",
                    "SET transaction_read_only = off",
                    "RESET default_transaction_read_only",
                    "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
                    "SELECT set_config('default_transaction_read_only', 'off', false)",
                    "SELECT pg_catalog.set_config('transaction_read_only', 'off', true)",
                    "BEGIN READ WRITE")) {
                assertThatThrownBy(() -> s.execute(escape)).as(escape).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"))
                        .hasMessageContaining("hoopgw: policy denies");
            }
            assertThat(show(s, "default_transaction_read_only")).isEqualTo("on");
            // SET ... = on keeps it read-only, so it is allowed.
            s.execute("SET default_transaction_read_only = on");
            // The rule allows the public schema's functions; one that writes is stopped by PostgreSQL itself.
            assertThatThrownBy(() -> s.executeQuery("SELECT public.bump()")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM items")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void aWriterSessionIsNotReadOnly() throws SQLException {
        try (Connection c = PolicyGateways.jdbc(harness, harness.writerRole(), OWNERS, "");
                Statement s = c.createStatement()) {
            assertThat(show(s, "default_transaction_read_only")).isEqualTo("off");
        }
    }

    private static String show(Statement s, String setting) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
