package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.server.testing.GatewayHarness;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** pgjdbc against a listener that requires TLS: sslmode=disable is refused with advice, sslmode=require works. */
class PlaintextRefusedIT {
    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.builder().allowPlaintext(false).start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static Properties writer() {
        Properties properties = new Properties();
        properties.setProperty("user", harness.writerRole());
        properties.setProperty("password", harness.token("writer@example.com", "writers"));
        return properties;
    }

    @Test
    void sslmodeDisableIsRefusedWithAdvice() {
        String url = "jdbc:postgresql://127.0.0.1:" + harness.port() + "/" + harness.target() + "?sslmode=disable";
        assertThatThrownBy(() -> DriverManager.getConnection(url, writer()).close())
                .isInstanceOf(SQLException.class)
                .satisfies(e -> {
                    assertThat(((SQLException) e).getSQLState()).isEqualTo("28000");
                    assertThat(e.getMessage()).contains("hoopgw:").contains("sslmode=require");
                });
    }

    @Test
    void sslmodeRequireIsAccepted() throws SQLException {
        try (Connection connection = DriverManager.getConnection(harness.jdbcUrl(), writer());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            // The client's TLS ends at the gateway; the harness's upstream link is plaintext on loopback.
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isFalse();
        }
    }
}
