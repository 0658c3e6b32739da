package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.server.testing.GatewayHarness;
import io.hoopgw.server.testing.TokenForge;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real psql binary through the gateway, logging in with a token as its password over TLS. */
class PsqlClientIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static GatewayHarness harness;
    private static Path psql;

    @TempDir
    Path workDir;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
        psql = PostgresClientBinaries.require("psql", harness.postgres());
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private ClientProcess.Result psqlWithToken(String token, String... arguments) {
        List<String> command = new ArrayList<>(List.of(psql.toString(), "-X",
                "host=127.0.0.1 port=" + harness.port() + " dbname=" + harness.target() + " user="
                        + harness.writerRole() + " sslmode=require"));
        command.addAll(List.of(arguments));
        return ClientProcess.run(command, Map.of("PGPASSWORD", token, "PGCONNECT_TIMEOUT", "5"), workDir, TIMEOUT);
    }

    private ClientProcess.Result psql(String... arguments) {
        return psqlWithToken(harness.token("psql@example.com", "writers"), arguments);
    }

    @Test
    void runsQueriesGivenWithDashC() {
        ClientProcess.Result result = psql("-At", "-c", "SELECT current_user, 6 * 7",
                "-c", "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                "-c", "SELECT string_agg(n::text, ',') FROM generate_series(1, 5) n");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout().lines()).containsExactly(harness.writerRole() + "|42", "f", "1,2,3,4,5");
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void describesTablesWithBackslashCommands() {
        ClientProcess.Result created = psql("-c",
                "CREATE TABLE described (id bigint PRIMARY KEY, label text NOT NULL DEFAULT 'none')");
        assertThat(created.exitCode()).as(created.describe()).isZero();
        assertThat(created.stdout()).contains("CREATE TABLE");

        ClientProcess.Result tables = psql("-c", "\\dt");
        assertThat(tables.exitCode()).as(tables.describe()).isZero();
        assertThat(tables.stdout()).containsPattern(
                "public\\s*\\|\\s*described\\s*\\|\\s*table\\s*\\|\\s*" + harness.writerRole());

        ClientProcess.Result table = psql("-c", "\\d described");
        assertThat(table.exitCode()).as(table.describe()).isZero();
        assertThat(table.stdout())
                .contains("Table \"public.described\"")
                .containsPattern("id\\s*\\|\\s*bigint\\s*\\|\\s*\\|\\s*not null")
                .containsPattern("label\\s*\\|\\s*text\\s*\\|\\s*\\|\\s*not null\\s*\\|\\s*'none'::text")
                .contains("\"described_pkey\" PRIMARY KEY, btree (id)");
    }

    @Test
    void copiesAFileInAndOutWithBackslashCopy() throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 1; i <= 2_000; i++) {
            rows.append(i).append(",\"name ").append(i).append(", quoted \"\"").append(i % 7).append("\"\"\"\n");
        }
        Path in = workDir.resolve("in.csv");
        Files.writeString(in, rows, StandardCharsets.UTF_8);

        ClientProcess.Result loaded = psql("-v", "ON_ERROR_STOP=1",
                "-c", "CREATE TABLE copied_csv (id int PRIMARY KEY, name text)",
                "-c", "\\copy copied_csv FROM 'in.csv' WITH (FORMAT csv)");
        assertThat(loaded.exitCode()).as(loaded.describe()).isZero();
        assertThat(loaded.stdout()).contains("COPY 2000");

        ClientProcess.Result saved = psql("-v", "ON_ERROR_STOP=1",
                "-c", "\\copy (SELECT id, name FROM copied_csv ORDER BY id) TO 'out.csv' WITH (FORMAT csv)");
        assertThat(saved.exitCode()).as(saved.describe()).isZero();
        assertThat(saved.stdout()).contains("COPY 2000");
        assertThat(Files.readString(workDir.resolve("out.csv"), StandardCharsets.UTF_8)).isEqualTo(rows.toString());
    }

    @Test
    void onErrorStopEndsTheScriptWithExitCodeThree() throws IOException {
        Path script = workDir.resolve("script.sql");
        Files.writeString(script, "SELECT 'before';\nSELECT 1 / 0;\nSELECT 'after';\n");

        ClientProcess.Result stopped = psql("-At", "-v", "ON_ERROR_STOP=1", "-f", "script.sql");
        assertThat(stopped.exitCode()).as(stopped.describe()).isEqualTo(3);
        assertThat(stopped.stdout().lines()).containsExactly("before");
        assertThat(stopped.stderr()).contains("ERROR:  division by zero");

        // Without ON_ERROR_STOP psql reports the error and goes on in the same session.
        ClientProcess.Result continued = psql("-At", "-f", "script.sql");
        assertThat(continued.exitCode()).as(continued.describe()).isZero();
        assertThat(continued.stdout().lines()).containsExactly("before", "after");
        assertThat(continued.stderr()).contains("ERROR:  division by zero");
    }

    @Test
    void aRejectedTokenEndsPsqlWithTheGatewaysFatalError() {
        String expired = new TokenForge(harness.identityProvider(), "psql@example.com", List.of("writers")).expired();

        ClientProcess.Result result = psqlWithToken(expired, "-c", "SELECT 1");

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr()).contains("FATAL:  hoopgw: token rejected");
    }
}
