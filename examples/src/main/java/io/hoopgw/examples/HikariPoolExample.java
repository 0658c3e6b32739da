package io.hoopgw.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A HikariCP pool of gateway connections, used by several threads at once. The pool is configured as for
 * PostgreSQL except for {@code jdbcUrl}; the driver's own settings ({@code tokenFile}, {@code tokenCommand}, ...)
 * are data source properties like any PostgreSQL driver property. A token from a command or GitHub Actions is
 * fetched once and shared by the pool's connections until shortly before it expires.
 *
 * <pre>
 * java -cp examples/target/examples-all.jar io.hoopgw.examples.HikariPoolExample \
 *   'jdbc:hoopgw://gateway:6432/app?tokenFile=/var/run/secrets/hoopgw/token' app_rw
 * </pre>
 */
public final class HikariPoolExample {
    private static final String USAGE = "HikariPoolExample <jdbc:hoopgw://host:port/target> <user>";
    private static final int POOL_SIZE = 4;
    private static final int QUERIES = 100;

    private HikariPoolExample() {
    }

    /**
     * Runs {@value #QUERIES} queries from {@value #POOL_SIZE} threads through a pool to the gateway at the URL
     * from the arguments (or {@code HOOPGW_URL}), as the user from the arguments (or {@code HOOPGW_USER}).
     */
    public static void main(String[] args) throws SQLException, InterruptedException {
        GatewayArguments gateway = GatewayArguments.parse(args, USAGE);
        Report report = run(gateway.url(), gateway.properties(), POOL_SIZE, QUERIES);
        System.out.println(report.queries() + " queries over " + report.sessions() + " pooled gateway sessions");
    }

    /**
     * What a run did.
     *
     * @param queries  queries answered correctly
     * @param sessions distinct upstream sessions (PostgreSQL backends) that answered them
     */
    public record Report(int queries, int sessions) {
    }

    /**
     * Opens a pool of at most {@code poolSize} connections to {@code url} and runs {@code queries} queries on it
     * from {@code poolSize} threads, checking each answer.
     *
     * @param properties {@code user}, and any driver or PostgreSQL driver property (a {@code token}, say)
     * @throws SQLException if a connection or query fails, or a query answers wrongly
     */
    public static Report run(String url, Properties properties, int poolSize, int queries)
            throws SQLException, InterruptedException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("hoopgw-example");
        config.setMaximumPoolSize(poolSize);
        Properties driverProperties = new Properties();
        driverProperties.putAll(properties);
        config.setUsername((String) driverProperties.remove("user"));
        config.setDataSourceProperties(driverProperties);

        Set<Integer> backends = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(poolSize);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < queries; i++) {
                int n = i;
                answers.add(threads.submit(() -> doubled(pool, n, backends)));
            }
            for (int i = 0; i < queries; i++) {
                int answer = answers.get(i).get();
                if (answer != 2 * i) {
                    throw new SQLException("query " + i + " answered " + answer + ", not " + 2 * i);
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
        } finally {
            threads.shutdownNow();
        }
        return new Report(queries, backends.size());
    }

    /** Borrows a connection, has PostgreSQL double {@code n}, and notes which backend answered. */
    private static int doubled(HikariDataSource pool, int n, Set<Integer> backends) throws SQLException {
        try (Connection connection = pool.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT ?::int * 2, pg_backend_pid()")) {
            statement.setInt(1, n);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                backends.add(rs.getInt(2));
                return rs.getInt(1);
            }
        }
    }
}
