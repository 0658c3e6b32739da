package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.server.testing.GatewayHarness;
import java.nio.file.Path;
import java.sql.Connection;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real pgbench through the gateway: its initialisation (DDL, client-side COPY, VACUUM, primary keys) and
 * short select-only runs over all three query modes with concurrent connections.
 */
class PgbenchClientIT {
    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");

    private static GatewayHarness harness;
    private static Path pgbench;
    private static ClientProcess.Result initialisation;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
        pgbench = PostgresClientBinaries.require("pgbench", harness.postgres());
        // Every benchmark below reads the tables this creates, so it runs once, first; its test checks it.
        initialisation = pgbench("-i", "-s", "1");
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static ClientProcess.Result pgbench(String... arguments) {
        List<String> command = new ArrayList<>(List.of(pgbench.toString()));
        command.addAll(List.of(arguments));
        Map<String, String> environment = Map.of(
                "PGHOST", "127.0.0.1",
                "PGPORT", Integer.toString(harness.port()),
                "PGDATABASE", harness.target(),
                "PGUSER", harness.writerRole(),
                "PGPASSWORD", harness.token("pgbench@example.com", "writers"),
                "PGSSLMODE", "require",
                "PGCONNECT_TIMEOUT", "5");
        return ClientProcess.run(command, environment, Path.of(System.getProperty("java.io.tmpdir")),
                Duration.ofSeconds(60));
    }

    @Test
    void initialisationLoadsTheScaleOneTables() throws SQLException {
        assertThat(initialisation.exitCode()).as(initialisation.describe()).isZero();
        assertThat(initialisation.stderr()).contains("creating tables...").contains("done in");
        try (Connection direct = harness.connectDirectly();
                Statement statement = direct.createStatement();
                ResultSet rs = statement.executeQuery("SELECT (SELECT count(*) FROM pgbench_accounts),"
                        + " (SELECT count(*) FROM pgbench_branches), (SELECT count(*) FROM pgbench_tellers),"
                        + " (SELECT tableowner FROM pg_tables WHERE tablename = 'pgbench_accounts')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(100_000);
            assertThat(rs.getLong(2)).isEqualTo(1);
            assertThat(rs.getLong(3)).isEqualTo(10);
            assertThat(rs.getString(4)).isEqualTo(harness.writerRole());
        }
    }

    @ParameterizedTest(name = "-M {0}")
    @ValueSource(strings = {"simple", "extended", "prepared"})
    void selectOnlyRunCompletesWithoutFailures(String mode) {
        ClientProcess.Result run = pgbench("-S", "-T", "3", "-c", "4", "-j", "2", "-M", mode, "-n");

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).contains("query mode: " + mode).contains("number of clients: 4");
        Matcher processed = PROCESSED.matcher(run.stdout());
        assertThat(processed.find()).as(run.describe()).isTrue();
        assertThat(Long.parseLong(processed.group(1))).isPositive();
        Matcher failed = FAILED.matcher(run.stdout());
        if (failed.find()) {
            assertThat(failed.group(1)).as(run.describe()).isEqualTo("0");
        }
    }
}
