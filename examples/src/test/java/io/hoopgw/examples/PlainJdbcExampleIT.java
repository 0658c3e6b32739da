package io.hoopgw.examples;

import static io.hoopgw.examples.Harnesses.as;
import static io.hoopgw.examples.Harnesses.url;
import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.server.testing.GatewayHarness;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PlainJdbcExampleIT {
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
    void reportsTheUpstreamSessionReachedThroughTheGateway() throws Exception {
        PlainJdbcExample.Session session = PlainJdbcExample.whoAmI(url(harness),
                as(harness, harness.readerRole(), "reader@example.com", "readers"));

        assertThat(session.user()).isEqualTo(harness.readerRole());
        assertThat(session.database()).isEqualTo(harness.target());
        try (Connection direct = harness.connectDirectly()) {
            assertThat(session.serverVersion()).isEqualTo(direct.getMetaData().getDatabaseProductVersion());
        }
    }

    @Test
    void mainConnectsWithTheUrlAndUserFromItsArgumentsAndTheTokenFromHoopgwToken() throws Exception {
        ExampleProcess.Result result = ExampleProcess.run(PlainJdbcExample.class,
                Map.of("HOOPGW_TOKEN", harness.token("writer@example.com", "writers")),
                url(harness), harness.writerRole());

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).startsWith("connected as " + harness.writerRole() + " to " + harness.target()
                + " (PostgreSQL ");
    }

    @Test
    void mainTakesTheUrlAndUserFromTheEnvironmentToo() throws Exception {
        ExampleProcess.Result result = ExampleProcess.run(PlainJdbcExample.class, Map.of(
                "HOOPGW_URL", url(harness),
                "HOOPGW_USER", harness.readerRole(),
                "HOOPGW_TOKEN", harness.token("reader@example.com", "readers")));

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).startsWith("connected as " + harness.readerRole() + " to ");
    }

    @Test
    void mainWithoutAUrlSaysWhereToGiveIt() throws Exception {
        ExampleProcess.Result result = ExampleProcess.run(PlainJdbcExample.class, Map.of());

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("no gateway URL: give it as the first argument or set HOOPGW_URL",
                "usage: PlainJdbcExample <jdbc:hoopgw://host:port/target> <user>");
    }
}
