package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.server.testing.GatewayHarness;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
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
import org.postgresql.PGConnection;

/**
 * COPY TO STDOUT under column rules, masked field by field: for each COPY, what the client receives must be exactly
 * what PostgreSQL itself writes for the values a SELECT through the gateway returns (masked the same way), in the
 * same format and options. A COPY whose copied columns the gateway cannot tell for certain is refused with 0A000.
 *
 * <p>Rules (group {@code dba} exempt from all): {@code secret} redacted, {@code pin} nulled, the bare column
 * {@code token} partially kept, {@code code} hashed, {@code *.copy_twin.secret} redacted, and the card detector.
 * The values hold delimiters, quotes, tabs, newlines, backslashes, a literal {@code \N} and NULLs.
 */
class MaskingCopyIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String MASKING_SECTION = """
            masking:
              rules:
                - {name: secrets, column: public.copy_people.secret, strategy: redact, exempt: [dba]}
                - {name: pins, column: public.copy_people.pin, strategy: "null", exempt: [dba]}
                - {name: tokens, column: token, strategy: partial, keep-last: 2, exempt: [dba]}
                - {name: codes, column: public.copy_people.code, strategy: hash,
                   key: {value: a-test-key-of-enough-bytes-0123456789}, exempt: [dba]}
                - {name: twins, column: "*.copy_twin.secret", strategy: redact, exempt: [dba]}
                - {name: cards, detect: card, strategy: partial, keep-last: 4, exempt: [dba]}
            """;
    private static final String COLUMNS = "id, name, secret, pin, token, code, note";
    private static final String PEOPLE = "SELECT " + COLUMNS + " FROM copy_people ORDER BY id";

    private static GatewayHarness harness;
    private static Path psql;

    @TempDir
    Path workDir;

    @BeforeAll
    static void start() throws Exception {
        harness = GatewayHarness.builder().section(MASKING_SECTION).start();
        try (Connection c = harness.connectDirectly(); Statement s = c.createStatement()) {
            // A dropped column and a generated one, which COPY of the whole table leaves out.
            s.execute("CREATE TABLE copy_people (id int, name text, secret text, pin text, token text, code text,"
                    + " note text, dropped text, shout text GENERATED ALWAYS AS (upper(name)) STORED)");
            s.execute("ALTER TABLE copy_people DROP COLUMN dropped");
            s.execute("INSERT INTO copy_people (id, name, secret, pin, token, code, note) VALUES"
                    + " (1, 'Alice', E'a,b;c\"d\\te\\\\f\\ng|h''i', '1234', 'tok-0001', 'C-1',"
                    + "  'card 4111 1111 1111 1111 on file'),"
                    + " (2, 'Bob \"the\" Builder, Jr.', NULL, NULL, 'tok-0002', NULL, NULL),"
                    + " (3, E'Carol\\nNewline\\\\', E'\\\\N', '', '', 'C-3', E'x;y,\"z\"\\t4111-1111-1111-1111')");
            s.execute("GRANT SELECT ON copy_people TO PUBLIC");
            s.execute("CREATE SCHEMA other");
            s.execute("GRANT USAGE ON SCHEMA other TO PUBLIC");
            for (String schema : List.of("public", "other")) {
                s.execute("CREATE TABLE " + schema + ".copy_twin (id int, secret text)");
                s.execute("INSERT INTO " + schema + ".copy_twin VALUES (1, '" + schema + " twin secret')");
                s.execute("GRANT SELECT ON " + schema + ".copy_twin TO PUBLIC");
            }
        }
        psql = PostgresClientBinaries.require("psql", harness.postgres());
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private static Connection reader(String... groups) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", harness.readerRole());
        properties.setProperty("password", harness.token("client@example.com", groups));
        return DriverManager.getConnection(harness.jdbcUrl(), properties);
    }

    private static String copyOut(Connection c, String copy) throws Exception {
        StringWriter out = new StringWriter();
        c.unwrap(PGConnection.class).getCopyAPI().copyOut(copy, out);
        return out.toString();
    }

    /**
     * What PostgreSQL writes for {@code copy} over the rows {@code select} returns through the gateway to a reader:
     * the rows go into a temporary table of text columns with the same names, which PostgreSQL then copies itself.
     *
     * @param copy a COPY statement with {@code %s} where the table goes
     */
    private static String expected(String select, String copy) throws Exception {
        List<String> names = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = reader("readers"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(select)) {
            ResultSetMetaData meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add('"' + meta.getColumnLabel(i) + '"');
            }
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= names.size(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        try (Connection d = harness.connectDirectly(); Statement s = d.createStatement()) {
            s.execute("CREATE TEMP TABLE expected (" + String.join(", ", names.stream().map(n -> n + " text")
                    .toList()) + ")");
            try (PreparedStatement insert = d.prepareStatement("INSERT INTO expected VALUES ("
                    + String.join(", ", names.stream().map(n -> "?").toList()) + ")")) {
                for (List<String> row : rows) {
                    for (int i = 0; i < row.size(); i++) {
                        insert.setString(i + 1, row.get(i));
                    }
                    insert.executeUpdate();
                }
            }
            return copyOut(d, copy.formatted("expected"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "WITH (FORMAT csv)",
        "(FORMAT text, HEADER, DELIMITER '|', NULL '')",
        "WITH (FORMAT csv, HEADER true, DELIMITER ';', NULL 'NULL', QUOTE '''', ESCAPE '\\', FORCE_QUOTE *)",
        "WITH CSV HEADER DELIMITER AS '|' NULL AS '-' QUOTE AS '\"' ESCAPE AS '\\'",
        "DELIMITER ','",
    })
    void aTableIsMaskedFieldByFieldInEveryFormatAndOption(String options) throws Exception {
        String copy = "COPY %s TO STDOUT " + options;
        String masked;
        try (Connection c = reader("readers")) {
            masked = copyOut(c, copy.formatted("copy_people"));
        }
        assertThat(masked).isEqualTo(expected(PEOPLE, copy)).doesNotContain("tok-0001", "1234", "4111 1111",
                "Newline\\\\\\\\\t\\\\N").contains("1111");
        try (Connection c = reader("readers", "dba"); Connection d = harness.connectDirectly()) {
            String table = copy.formatted("copy_people");
            assertThat(copyOut(c, table)).isEqualTo(copyOut(d, table)).contains("tok-0001", "1234");
        }
    }

    @Test
    void eachStrategyWritesItsValueInTheFormatsEncoding() throws Exception {
        try (Connection c = reader("readers")) {
            List<String> text = copyOut(c, "COPY copy_people (id, secret, pin, token, name) TO STDOUT").lines()
                    .toList();
            // redact, null (the format's NULL), partial; a NULL stays NULL; the name keeps its escapes.
            assertThat(text).containsExactly(
                    "1\t****\t\\N\t*****01\tAlice",
                    "2\t\\N\t\\N\t*****02\tBob \"the\" Builder, Jr.",
                    "3\t****\t\\N\t\tCarol\\nNewline\\\\");
            String csv = copyOut(c, "COPY copy_people (id, pin, code) TO STDOUT (FORMAT csv, NULL 'none')");
            assertThat(csv.lines().toList()).hasSize(3).allMatch(line -> line.matches("\\d,none,(none|\\w+)"))
                    .doesNotContain("1,none,C-1");
        }
    }

    @Test
    void aColumnListAndAQueryAreMaskedByTheColumnsTheyCopy() throws Exception {
        try (Connection c = reader("readers")) {
            String list = "COPY %s (note, secret, id, token) TO STDOUT (FORMAT csv, HEADER)";
            assertThat(copyOut(c, list.formatted("copy_people")))
                    .isEqualTo(expected("SELECT note, secret, id, token FROM copy_people ORDER BY id", list));

            // Aliases follow their column; expressions are masked by the detectors, as in a SELECT.
            String query = "SELECT id, secret AS s, upper(note) AS loud, token || '' AS t, code AS \"Code\""
                    + " FROM public.copy_people ORDER BY id";
            String masked = copyOut(c, "COPY (" + query + ") TO STDOUT (FORMAT csv, FORCE_QUOTE (s, \"Code\"))");
            assertThat(masked).isEqualTo(expected(query,
                    "COPY (SELECT * FROM %s ORDER BY id::int) TO STDOUT (FORMAT csv, FORCE_QUOTE (s, \"Code\"))")).startsWith("1,\"****\",CARD ************1111 ON FILE,");

            // A jsonb ? operator reaches the catalog's describe intact.
            assertThat(copyOut(c, "COPY (SELECT secret FROM copy_people WHERE '{\"a\": 1}'::jsonb ? 'a'"
                    + " ORDER BY id) TO STDOUT").lines()).containsExactly("****", "\\N", "****");
        }
    }

    @Test
    void psqlCopyAndBackslashCopyAreMaskedToo() {
        String[] readers = {"readers"};
        List<String> viaCopy = psql(readers, "-c", "COPY copy_people (id, secret, note) TO STDOUT WITH (FORMAT csv)");
        List<String> viaBackslash = psql(readers, "-c",
                "\\copy (SELECT id, secret, note FROM copy_people ORDER BY id) to stdout with (format csv)");
        assertThat(viaCopy).isEqualTo(viaBackslash).containsExactly(
                "1,****,card ************1111 on file",
                "2,,",
                "3,****,\"x;y,\"\"z\"\"\t************1111\"");
        List<String> exempt = psql(new String[] {"readers", "dba"}, "-c",
                "COPY copy_people (id, pin) TO STDOUT");
        assertThat(exempt).containsExactly("1\t1234", "2\t\\N", "3\t");
    }

    @Test
    void whatTheGatewayCannotResolveIsRefusedAndTheSessionGoesOn() throws Exception {
        Map<String, String> refusals = Map.of(
                "COPY copy_twin TO STDOUT", "more than one schema",
                "COPY (SELECT secret FROM copy_twin) TO STDOUT", "more than one schema",
                "COPY copy_people TO STDOUT (FORMAT binary)", "binary",
                "COPY copy_people TO STDOUT (ENCODING 'LATIN1')", "ENCODING",
                "COPY mine TO STDOUT", "cannot describe",
                "COPY copy_people (id) TO STDOUT", "more than one schema");
        try (Connection c = reader("readers")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE mine AS SELECT 1 AS id");
                // Shadows public.copy_people in this session only: the catalog would describe the other one.
                s.execute("CREATE TEMP TABLE copy_people AS SELECT id, 'x' AS secret FROM public.copy_people");
            }
            for (Map.Entry<String, String> refusal : refusals.entrySet()) {
                assertThatThrownBy(() -> copyOut(c, refusal.getKey())).as(refusal.getKey())
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("0A000");
                            assertThat(e.getMessage()).contains(refusal.getValue());
                        });
            }
            // Qualified, the same table is masked; the session went on after each refusal.
            assertThat(copyOut(c, "COPY public.copy_twin TO STDOUT")).isEqualTo("1\t****\n");
            assertThat(copyOut(c, "COPY (SELECT t.secret FROM other.copy_twin t) TO STDOUT")).isEqualTo("****\n");

            // Inside a transaction, earlier statements may have changed what the catalog cannot yet see.
            c.setAutoCommit(false);
            assertThatThrownBy(() -> copyOut(c, "COPY copy_people TO STDOUT"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("0A000");
                        assertThat(e.getMessage()).contains("transaction");
                    });
            c.rollback();
            c.setAutoCommit(true);
            assertThat(copyOut(c, "COPY public.copy_twin TO STDOUT")).isEqualTo("1\t****\n");
        }
        try (Connection c = reader("readers", "dba")) {
            assertThat(copyOut(c, "COPY copy_twin TO STDOUT")).isEqualTo("1\tpublic twin secret\n");
        }
    }

    private List<String> psql(String[] groups, String... arguments) {
        List<String> command = new ArrayList<>(List.of(psql.toString(), "-X",
                "host=127.0.0.1 port=" + harness.port() + " dbname=" + harness.target() + " user="
                        + harness.readerRole() + " sslmode=require"));
        command.addAll(List.of(arguments));
        ClientProcess.Result result = ClientProcess.run(command, Map.of("PGPASSWORD",
                harness.token("psql@example.com", groups), "PGCONNECT_TIMEOUT", "5"), workDir, TIMEOUT);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return result.stdout().lines().toList();
    }
}
