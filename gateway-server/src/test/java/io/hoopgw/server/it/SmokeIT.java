package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.server.testing.GatewayHarness;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SmokeIT {
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
    void pgjdbcRunsAQueryThroughTheGateway() throws Exception {
        try (Connection connection = harness.connectAsWriter();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_user, 40 + 2")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(harness.writerRole());
            assertThat(rs.getInt(2)).isEqualTo(42);
        }
    }
}
