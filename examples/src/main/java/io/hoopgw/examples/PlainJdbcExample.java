package io.hoopgw.examples;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Plain JDBC through the gateway: {@link DriverManager} with a {@code jdbc:hoopgw:} URL. Compared with connecting
 * to PostgreSQL directly, only the URL changes; the {@code jdbc:hoopgw:} driver registers itself, finds the
 * identity token and sends it as the password, and everything after {@code getConnection} is ordinary JDBC.
 *
 * <pre>
 * HOOPGW_TOKEN=$(hoopgw token --subject me@example.com --group writers) \
 *   java -cp examples/target/examples-all.jar io.hoopgw.examples.PlainJdbcExample \
 *   jdbc:hoopgw://gateway:6432/app app_rw
 * </pre>
 */
public final class PlainJdbcExample {
    private static final String USAGE = "PlainJdbcExample <jdbc:hoopgw://host:port/target> <user>";

    private PlainJdbcExample() {
    }

    /**
     * Connects with the URL and user from the arguments (or {@code HOOPGW_URL} and {@code HOOPGW_USER}) and prints
     * who the session runs as.
     */
    public static void main(String[] args) throws SQLException {
        GatewayArguments gateway = GatewayArguments.parse(args, USAGE);
        Session session = whoAmI(gateway.url(), gateway.properties());
        System.out.println("connected as " + session.user() + " to " + session.database()
                + " (PostgreSQL " + session.serverVersion() + ")");
    }

    /**
     * What the gateway's upstream session reports about itself.
     *
     * @param user          the upstream role the gateway logged in as
     * @param database      the upstream database
     * @param serverVersion the upstream server's version
     */
    public record Session(String user, String database, String serverVersion) {
    }

    /**
     * Connects to {@code url} with {@code properties} (at least {@code user}; the token is found by the driver or
     * given as the {@code token} property) and asks the session who it is.
     */
    public static Session whoAmI(String url, Properties properties) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, properties);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT current_user, current_database(), current_setting('server_version')")) {
            rs.next();
            return new Session(rs.getString(1), rs.getString(2), rs.getString(3));
        }
    }
}
