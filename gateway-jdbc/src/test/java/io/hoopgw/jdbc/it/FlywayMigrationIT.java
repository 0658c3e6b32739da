package io.hoopgw.jdbc.it;

import static io.hoopgw.jdbc.it.Gateways.url;
import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.jdbc.HoopgwDataSource;
import io.hoopgw.jdbc.testing.Props;
import io.hoopgw.server.testing.GatewayHarness;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Flyway migrating a target through the gateway as its writer role. */
class FlywayMigrationIT {
    private static final String LOCATION = "classpath:io/hoopgw/jdbc/it/migration";

    static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private Flyway flyway() {
        HoopgwDataSource dataSource = new HoopgwDataSource();
        dataSource.setUrl(url(harness));
        dataSource.setUser(harness.writerRole());
        dataSource.setToken(harness.token("migrator@example.com", "writers"));
        return Flyway.configure().dataSource(dataSource).locations(LOCATION).load();
    }

    @Test
    void appliesBothMigrationsOnceAndRecordsThemAsTheWriterRole() throws Exception {
        MigrateResult first = flyway().migrate();

        assertThat(first.success).isTrue();
        assertThat(first.migrationsExecuted).isEqualTo(2);
        assertThat(first.targetSchemaVersion).isEqualTo("2");
        try (Connection direct = harness.connectDirectly();
                Statement statement = direct.createStatement()) {
            List<String> history = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(
                    "SELECT version, success, installed_by FROM flyway_schema_history ORDER BY installed_rank")) {
                while (rs.next()) {
                    history.add(rs.getString(1) + " " + rs.getBoolean(2) + " " + rs.getString(3));
                }
            }
            String writer = harness.writerRole();
            assertThat(history).containsExactly("1 true " + writer, "2 true " + writer);
            try (ResultSet rs = statement.executeQuery(
                    "SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'accounts'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(writer);
            }
        }

        MigrateResult second = flyway().migrate();
        assertThat(second.success).isTrue();
        assertThat(second.migrationsExecuted).isZero();
        assertThat(flyway().info().current().getVersion().getVersion()).isEqualTo("2");

        // The readers' role may read what the migration created, through the gateway.
        try (Connection reader = DriverManager.getConnection(url(harness), Props.of("user", harness.readerRole(),
                        "token", harness.token("reader@example.com", "readers")));
                Statement statement = reader.createStatement();
                ResultSet rs = statement.executeQuery("SELECT name, email FROM accounts")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1) + " " + rs.getString(2)).isEqualTo("Ada ada@example.com");
        }
    }
}
