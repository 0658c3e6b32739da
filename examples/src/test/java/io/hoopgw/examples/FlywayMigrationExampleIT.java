package io.hoopgw.examples;

import static io.hoopgw.examples.Harnesses.as;
import static io.hoopgw.examples.Harnesses.url;
import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.server.testing.GatewayHarness;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FlywayMigrationExampleIT {
    static GatewayHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = GatewayHarness.start();
        // Like the hoopgw demo's database: public already holds the application's tables.
        try (Connection writer = harness.connectAsWriter(); Statement statement = writer.createStatement()) {
            statement.execute("CREATE TABLE customers (id bigint PRIMARY KEY, name text)");
        }
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void appliesBothMigrationsIntoTheirOwnSchemaOnceAndLaterRunsApplyNothing() throws Exception {
        ExampleProcess.Result result = ExampleProcess.run(FlywayMigrationExample.class,
                Map.of("HOOPGW_TOKEN", harness.token("migrator@example.com", "writers")),
                url(harness), harness.writerRole());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).isEqualTo("applied 2 migrations; schema now at version 2\n");
        try (Connection direct = harness.connectDirectly(); Statement statement = direct.createStatement()) {
            List<String> history = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT version, description, success, installed_by"
                    + " FROM inventory.flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
                while (rs.next()) {
                    history.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(3) + " "
                            + rs.getString(4));
                }
            }
            assertThat(history).containsExactly("1 create products true " + harness.writerRole(),
                    "2 create stock levels true " + harness.writerRole());
            try (ResultSet rs = statement.executeQuery("SELECT p.sku, s.quantity FROM inventory.products p"
                    + " JOIN inventory.stock_levels s ON s.product_id = p.id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1) + " " + rs.getInt(2)).isEqualTo("HG-001 100");
            }
        }

        ExampleProcess.Result second = ExampleProcess.run(FlywayMigrationExample.class,
                Map.of("HOOPGW_TOKEN", harness.token("migrator@example.com", "writers")),
                url(harness), harness.writerRole());
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(second.stdout()).isEqualTo("applied 0 migrations; schema now at version 2\n");

        MigrateResult again = FlywayMigrationExample.migrate(url(harness),
                as(harness, harness.writerRole(), "migrator@example.com", "writers"));
        assertThat(again.success).isTrue();
        assertThat(again.migrationsExecuted).isZero();
        assertThat(again.initialSchemaVersion).isEqualTo("2");
    }
}
