package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.audit.schema.BindStatement;
import io.hoopgw.audit.schema.CopyDirection;
import io.hoopgw.audit.schema.CopySummary;
import io.hoopgw.audit.schema.ExecuteStatement;
import io.hoopgw.audit.schema.ParseStatement;
import io.hoopgw.audit.schema.QueryStatement;
import io.hoopgw.audit.schema.ValueFormat;
import io.hoopgw.server.testing.GatewayHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sessions of libpq clients (psql and pgbench) recorded by the gateway: libpq pipelines and frames its messages
 * differently from pgjdbc (psql's {@code \copy}, pgbench's extended and prepared modes), and the records must come
 * out the same.
 */
class LibpqRecordingIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path work;

    private static RecordingGateway recording;
    private static GatewayHarness harness;
    private static Path auditDir;
    private static Path psql;
    private static Path pgbench;

    @BeforeAll
    static void start() throws Exception {
        recording = RecordingGateway.start(work, "");
        harness = recording.harness();
        auditDir = recording.auditDir();
        psql = PostgresClientBinaries.require("psql", harness.postgres());
        pgbench = PostgresClientBinaries.require("pgbench", harness.postgres());
        try (Connection c = harness.connectAsWriter(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE lib_t (id int, name text)");
            s.execute("INSERT INTO lib_t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
            s.execute("CREATE TABLE lib_copy (id int, name text)");
        }
    }

    @AfterAll
    static void closeAndVerify() throws Exception {
        if (recording != null) {
            recording.closeAndVerify();
        }
    }

    private static Map<String, String> environment(String applicationName) {
        return Map.of(
                "PGHOST", "127.0.0.1",
                "PGPORT", Integer.toString(harness.port()),
                "PGDATABASE", harness.target(),
                "PGUSER", harness.writerRole(),
                "PGPASSWORD", harness.token("libpq@example.com", "writers"),
                "PGSSLMODE", "require",
                "PGAPPNAME", applicationName,
                "PGCONNECT_TIMEOUT", "5");
    }

    private static ClientProcess.Result run(Path program, String applicationName, String... arguments) {
        List<String> command = new ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(arguments));
        ClientProcess.Result result = ClientProcess.run(command, environment(applicationName), work, TIMEOUT);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return result;
    }

    @Test
    void psqlsMultiStatementStringIsRecordedStatementByStatement() {
        run(psql, "psql-multi", "-X", "-v", "ON_ERROR_STOP=1", "-c",
                "SELECT count(*) FROM lib_t; SELECT name FROM lib_t WHERE id = 2");

        RecordedSession session = RecordedSession.await(auditDir, "psql-multi");
        List<QueryStatement> parts = session.all(QueryStatement.class);
        assertThat(parts).extracting(QueryStatement::getText).containsExactly("SELECT count(*) FROM lib_t",
                "SELECT name FROM lib_t WHERE id = 2");
        assertThat(parts).extracting(QueryStatement::getParts).containsOnly(2);
        assertThat(RecordedSession.rows(session.result(parts.get(0).getStatement()))).containsExactly(List.of("3"));
        assertThat(RecordedSession.rows(session.result(parts.get(1).getStatement())))
                .containsExactly(List.of("two"));
    }

    @Test
    void psqlsBackslashCopyIsRecordedBothWays() throws Exception {
        String data = "7\tseven\n8\teight\n";
        Files.writeString(work.resolve("in.tsv"), data, StandardCharsets.UTF_8);
        run(psql, "psql-copy", "-X", "-v", "ON_ERROR_STOP=1",
                "-c", "\\copy lib_copy FROM 'in.tsv'",
                "-c", "\\copy (SELECT id, name FROM lib_copy ORDER BY id) TO 'out.tsv'");
        assertThat(Files.readString(work.resolve("out.tsv"), StandardCharsets.UTF_8)).isEqualTo(data);

        RecordedSession session = RecordedSession.await(auditDir, "psql-copy");
        List<CopySummary> copies = session.all(CopySummary.class);
        assertThat(copies).extracting(CopySummary::getDirection).containsExactly(CopyDirection.IN, CopyDirection.OUT);
        for (CopySummary copy : copies) {
            assertThat(copy.getBytes()).isEqualTo(data.length());
            assertThat(copy.getDigest().bytes()).isEqualTo(RecordedSession.sha256(List.of(
                    data.getBytes(StandardCharsets.UTF_8))));
            assertThat(copy.getFirstLines()).containsExactly("7\tseven", "8\teight");
            assertThat(session.outcome(copy.getStatement()).getCommandTag()).isEqualTo("COPY 2");
        }
    }

    /** pgbench's extended mode parses the unnamed statement for each run; prepared mode parses a named one once. */
    @ParameterizedTest(name = "-M {0}")
    @ValueSource(strings = {"extended", "prepared"})
    void pgbenchsParametersAreRecordedWithEachBind(String mode) throws Exception {
        Path script = work.resolve("lookup-" + mode + ".sql");
        Files.writeString(script, "\\set id random(1, 3)\nSELECT name FROM lib_t WHERE id = :id;\n");
        String app = "pgbench-" + mode;
        run(pgbench, app, "-n", "-M", mode, "-c", "1", "-t", "6", "-f", script.toString());

        RecordedSession session = RecordedSession.await(auditDir, app);
        String text = "SELECT name FROM lib_t WHERE id = $1;"; // pgbench sends the script's line as it stands
        List<ParseStatement> parses = session.parses(text);
        assertThat(parses).as(session.timeline()).hasSize(mode.equals("prepared") ? 1 : 6);
        List<BindStatement> binds = session.binds(text);
        assertThat(binds).hasSize(6);
        List<ExecuteStatement> executes = session.executes(text);
        assertThat(executes).hasSize(6);
        for (int i = 0; i < 6; i++) {
            BindStatement bind = binds.get(i);
            assertThat(bind.getStatementName()).isEqualTo(parses.get(mode.equals("prepared") ? 0 : i).getName());
            assertThat(bind.getParameters()).singleElement().satisfies(value -> {
                assertThat(value.getFormat()).isEqualTo(ValueFormat.TEXT);
                assertThat(value.getText()).isIn("1", "2", "3");
            });
            String name = Map.of("1", "one", "2", "two", "3", "three").get(bind.getParameters().get(0).getText());
            long statement = executes.get(i).getStatement();
            assertThat(session.outcome(statement).getCommandTag()).isEqualTo("SELECT 1");
            assertThat(RecordedSession.rows(session.result(statement))).containsExactly(List.of(name));
        }
    }
}
