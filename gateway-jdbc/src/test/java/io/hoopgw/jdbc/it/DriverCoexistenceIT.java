package io.hoopgw.jdbc.it;

import static io.hoopgw.jdbc.it.Gateways.currentUser;
import static io.hoopgw.jdbc.it.Gateways.url;
import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.jdbc.Driver;
import io.hoopgw.jdbc.testing.Props;
import io.hoopgw.server.postgres.LocalPostgres;
import io.hoopgw.server.testing.GatewayHarness;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code jdbc:hoopgw:} and {@code jdbc:postgresql:} URLs in one JVM, both through {@link DriverManager}: each URL
 * goes to its own driver, and only the hoopgw one goes through the gateway.
 */
class DriverCoexistenceIT {
    static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void eachUrlReachesItsOwnDriverAndOnlyTheHoopgwOneTheGateway() throws Exception {
        LocalPostgres postgres = harness.postgres();
        String direct = postgres.jdbcUrl(harness.target());
        assertThat(DriverManager.getDriver(direct)).isInstanceOf(org.postgresql.Driver.class);
        assertThat(DriverManager.getDriver(url(harness))).isInstanceOf(Driver.class);
        long upstreamAttempts = harness.gateway().upstreamConnectAttempts();

        try (Connection viaPostgresql = DriverManager.getConnection(direct, postgres.superuser(),
                        postgres.superuserPassword());
                Connection viaHoopgw = DriverManager.getConnection(url(harness), Props.of("user",
                        harness.writerRole(), "token", harness.token("both@example.com", "writers")))) {
            assertThat(currentUser(viaPostgresql)).isEqualTo(postgres.superuser());
            assertThat(currentUser(viaHoopgw)).isEqualTo(harness.writerRole());
            assertThat(harness.gateway().upstreamConnectAttempts()).isEqualTo(upstreamAttempts + 1);
            assertThat(harness.gateway().sessions()).isEqualTo(1);

            // Both see the same database: a row written through the gateway is read directly.
            try (Statement statement = viaHoopgw.createStatement()) {
                statement.execute("CREATE TABLE coexist (id int PRIMARY KEY); INSERT INTO coexist VALUES (7)");
            }
            try (Statement statement = viaPostgresql.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT id FROM coexist")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
        }
    }

    @Test
    void thePostgresqlDriverStillReachesTheGatewayWithTheTokenAsPassword() throws Exception {
        try (Connection connection = harness.connectAsWriter()) {
            assertThat(connection.unwrap(org.postgresql.PGConnection.class)).isNotNull();
            assertThat(currentUser(connection)).isEqualTo(harness.writerRole());
        }
    }
}
