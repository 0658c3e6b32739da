package io.hoopgw.jdbc.it;

import static io.hoopgw.jdbc.it.Gateways.countingCatCommand;
import static io.hoopgw.jdbc.it.Gateways.currentUser;
import static io.hoopgw.jdbc.it.Gateways.runs;
import static io.hoopgw.jdbc.it.Gateways.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.hoopgw.jdbc.HoopgwDataSource;
import io.hoopgw.server.testing.GatewayHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A HikariCP pool of gateway connections, configured by URL and by data source class, under concurrent use. */
class PooledConnectionsIT {
    private static final int CLIENTS = 8;
    private static final long WAIT_SECONDS = 30;

    static GatewayHarness harness;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void eightClientsHoldEightGatewaySessionsAtOnceWithOneTokenCommandRun() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), harness.token("pool@example.com", "writers"));
        Path runLog = dir.resolve("runs");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url(harness));
        config.setUsername(harness.writerRole());
        config.addDataSourceProperty("tokenCommand", countingCatCommand(tokenFile, runLog));
        config.setMaximumPoolSize(CLIENTS);
        config.setMinimumIdle(0);

        // Parties: the clients and this thread, which looks at the gateway while every client holds a connection.
        CyclicBarrier allHolding = new CyclicBarrier(CLIENTS + 1);
        CyclicBarrier checked = new CyclicBarrier(CLIENTS + 1);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            List<Future<Integer>> backendPids = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                int base = client * 1000;
                backendPids.add(clients.submit(() -> {
                    try (Connection connection = pool.getConnection()) {
                        allHolding.await(WAIT_SECONDS, TimeUnit.SECONDS);
                        int pid = queryAsOwnSession(connection, base);
                        checked.await(WAIT_SECONDS, TimeUnit.SECONDS);
                        return pid;
                    }
                }));
            }
            allHolding.await(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isEqualTo(CLIENTS);
            assertThat(harness.gateway().sessions()).isEqualTo(CLIENTS);
            checked.await(WAIT_SECONDS, TimeUnit.SECONDS);

            Set<Integer> pids = new HashSet<>();
            for (Future<Integer> pid : backendPids) {
                pids.add(pid.get(WAIT_SECONDS, TimeUnit.SECONDS));
            }
            assertThat(pids).hasSize(CLIENTS);
        } finally {
            clients.shutdownNow();
        }
        // Every connection needed a token at about the same time; they waited for one run of the command.
        assertThat(runs(runLog)).isEqualTo(1);
        awaitNoSessions();
    }

    /** Runs a series of queries whose answers depend on {@code base}, and returns the upstream backend's pid. */
    private static int queryAsOwnSession(Connection connection, int base) throws Exception {
        assertThat(currentUser(connection)).isEqualTo(harness.writerRole());
        try (PreparedStatement statement = connection.prepareStatement("SELECT ?::int * 2, pg_backend_pid()")) {
            int pid = 0;
            for (int i = 0; i < 25; i++) {
                statement.setInt(1, base + i);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo((base + i) * 2);
                    pid = rs.getInt(2);
                }
            }
            return pid;
        }
    }

    @Test
    void poolConfiguredByDataSourceClassNameConnectsAndClosesItsSessions() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), harness.token("pool-ds@example.com", "readers"));
        HikariConfig config = new HikariConfig();
        config.setDataSourceClassName(HoopgwDataSource.class.getName());
        config.addDataSourceProperty("url", url(harness));
        config.addDataSourceProperty("tokenFile", tokenFile.toString());
        config.setUsername(harness.readerRole());
        config.setMaximumPoolSize(2);

        try (HikariDataSource pool = new HikariDataSource(config);
                Connection connection = pool.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_user, current_database()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(harness.readerRole());
            assertThat(rs.getString(2)).isEqualTo(harness.target());
        }
        awaitNoSessions();
    }

    /** Closing the pool closes its gateway sessions; the gateway notices on its own event loop. */
    private static void awaitNoSessions() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (harness.gateway().sessions() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(harness.gateway().sessions()).isZero();
    }
}
