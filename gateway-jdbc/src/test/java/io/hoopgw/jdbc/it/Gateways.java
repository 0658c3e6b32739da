package io.hoopgw.jdbc.it;

import io.hoopgw.jdbc.Driver;
import io.hoopgw.jdbc.token.Environment;
import io.hoopgw.jdbc.token.TokenResolver;
import io.hoopgw.server.testing.GatewayHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;

/** Connecting to a {@link GatewayHarness} with the {@code jdbc:hoopgw:} driver. */
final class Gateways {
    private Gateways() {
    }

    /** The driver URL of the harness's gateway and target, TLS required. */
    static String url(GatewayHarness harness) {
        return "jdbc:hoopgw://127.0.0.1:" + harness.port() + "/" + harness.target() + "?sslmode=require";
    }

    /** A driver whose token providers see exactly {@code variables} and {@code home}, and the real clock. */
    static Driver driver(Map<String, String> variables, Path home) {
        return driver(variables, home, Clock.systemUTC());
    }

    /** A driver whose token providers see {@code variables} and {@code home}, judging expiry by {@code clock}. */
    static Driver driver(Map<String, String> variables, Path home, Clock clock) {
        return new Driver(new TokenResolver(Environment.of(variables, home), clock));
    }

    /** The upstream role the session runs as. */
    static String currentUser(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * A token command that prints {@code tokenFile} and appends a line to {@code runLog} each time it runs, so a
     * test can count the runs.
     */
    static String countingCatCommand(Path tokenFile, Path runLog) {
        return "echo run >> '" + runLog + "'; cat '" + tokenFile + "'";
    }

    /** How many times a {@link #countingCatCommand} has run. */
    static long runs(Path runLog) {
        try {
            return Files.exists(runLog) ? Files.readAllLines(runLog).size() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
