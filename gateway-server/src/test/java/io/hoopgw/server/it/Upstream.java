package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.hoopgw.server.testing.GatewayHarness;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Checks on what the gateway left upstream and on whether it still serves, shared by the security ITs. */
final class Upstream {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(25);

    private Upstream() {
    }

    /** Upstream backends (any state) of the harness's database whose application_name is {@code applicationName}. */
    static int backends(GatewayHarness harness, String applicationName) {
        try (Connection direct = harness.connectDirectly();
                PreparedStatement statement = direct.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND application_name = ?")) {
            statement.setString(1, harness.target());
            statement.setString(2, applicationName);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pg_stat_activity: " + e.getMessage(), e);
        }
    }

    /** Waits (bounded) until no upstream backend with {@code applicationName} is left. */
    static void awaitNoBackend(GatewayHarness harness, String applicationName) {
        await("no upstream backend with application_name " + applicationName,
                () -> backends(harness, applicationName) == 0);
    }

    /** Polls {@code condition} until it holds, failing after a deadline of a few seconds. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + DEADLINE.toSeconds() + " s waiting for: " + what);
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for: " + what);
            }
        }
    }

    /** A fresh pgjdbc client still logs in through the gateway and runs a query. */
    static void assertGatewayServes(GatewayHarness harness) throws SQLException {
        try (Connection connection = harness.connectAsWriter();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT 6 * 7")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }
}
