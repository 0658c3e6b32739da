package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.server.testing.GatewayHarness;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A million-row result crosses the gateway complete and in order, while the gateway's own buffer memory stays small.
 *
 * <p>Both reads go through TLS. With a cursor, pgjdbc asks for 10,000 rows at a time (Execute with a row limit,
 * answered by PortalSuspended); the simple-mode read takes the whole result in one go, which pgjdbc keeps in memory
 * (hence not more rows). The bound, {@link NettyMemoryProbe#GATEWAY_BUFFER_BOUND}, is a third of the ~53 MB each
 * read moves: the relay keeps no copy or queue that grows with the result. pgjdbc reads about as fast as
 * PostgreSQL sends, so this does not test backpressure; {@link SlowClientBackpressureIT} does.
 */
class LargeResultIT {
    private static final Logger log = LoggerFactory.getLogger(LargeResultIT.class);
    private static final int ROWS = 1_000_000;
    private static final String SQL = "SELECT g, md5(g::text) FROM generate_series(1, " + ROWS + ") g";
    private static final long MEMORY_BOUND = NettyMemoryProbe.GATEWAY_BUFFER_BOUND;

    static GatewayHarness harness;
    static RowDigest direct;

    @BeforeAll
    static void start() throws SQLException {
        harness = GatewayHarness.start();
        long started = System.nanoTime();
        try (Connection connection = harness.connectDirectly()) {
            direct = readWithCursor(connection);
        }
        log.info("direct read of {} rows: {} ms", direct.rows, (System.nanoTime() - started) / 1_000_000);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void aCursorReadThroughTheGatewayDeliversEveryRowInBoundedMemory() throws Exception {
        RowDigest relayed;
        long started = System.nanoTime();
        try (NettyMemoryProbe probe = NettyMemoryProbe.start(); Connection connection = harness.connectAsWriter()) {
            relayed = readWithCursor(connection);
            probe.close();
            report("cursor (fetchSize 10000, PortalSuspended every 10000 rows)", relayed, probe, started);
            assertBounded(probe, relayed);
        }
        assertThat(relayed.rows).isEqualTo(ROWS);
        assertThat(relayed.hex()).isEqualTo(direct.hex());
    }

    @Test
    void aFullSimpleQueryReadThroughTheGatewayDeliversEveryRowInBoundedMemory() throws Exception {
        // pgjdbc keeps a whole result without a fetch size: ~150 MB of the test JVM's 1 GiB heap for this one.
        Properties simple = new Properties();
        simple.setProperty("preferQueryMode", "simple");
        RowDigest relayed;
        long started = System.nanoTime();
        try (NettyMemoryProbe probe = NettyMemoryProbe.start();
                Connection connection = harness.connectAsWriter(simple);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(SQL)) {
            relayed = digest(rs);
            probe.close();
            report("simple query, whole result", relayed, probe, started);
            assertBounded(probe, relayed);
        }
        assertThat(relayed.rows).isEqualTo(ROWS);
        assertThat(relayed.hex()).isEqualTo(direct.hex());
    }

    private static void assertBounded(NettyMemoryProbe probe, RowDigest relayed) {
        assertThat(probe.samples()).as("samples taken while the result streamed").isGreaterThan(10);
        assertThat(relayed.wireBytes).as("bytes relayed dwarf the bound, so buffering would show")
                .isGreaterThan(3 * MEMORY_BOUND);
        assertThat(probe.peakAboveBaseline()).as("gateway buffer memory while streaming: %s", probe.describe())
                .isLessThan(MEMORY_BOUND);
    }

    private static void report(String mode, RowDigest relayed, NettyMemoryProbe probe, long started) {
        log.info("{}: {} rows, {} MB of DataRows in {} ms; {}", mode, relayed.rows,
                String.format("%.1f", relayed.wireBytes / 1e6), (System.nanoTime() - started) / 1_000_000,
                probe.describe());
    }

    /** Reads {@link #SQL} in batches of 10,000 rows: pgjdbc's cursor mode, Execute with a row limit per batch. */
    private static RowDigest readWithCursor(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(10_000);
            try (ResultSet rs = statement.executeQuery(SQL)) {
                return digest(rs);
            }
        } finally {
            connection.commit();
        }
    }

    private static RowDigest digest(ResultSet rs) throws SQLException {
        RowDigest digest = new RowDigest();
        while (rs.next()) {
            digest.add(rs.getString(1), rs.getString(2));
        }
        return digest;
    }

    /** Row count, the DataRow bytes they took on the wire, and a SHA-256 over every row in order. */
    private static final class RowDigest {
        private final MessageDigest sha256;
        private long rows;
        private long wireBytes;
        private byte[] result;

        RowDigest() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }

        void add(String g, String md5) {
            byte[] line = (g + '|' + md5 + '\n').getBytes(StandardCharsets.US_ASCII);
            sha256.update(line);
            rows++;
            // Tag, length, column count, then a length word and the text of each of the two columns.
            wireBytes += 1 + 4 + 2 + 4 + g.length() + 4 + md5.length();
        }

        String hex() {
            if (result == null) {
                result = sha256.digest();
            }
            return HexFormat.of().formatHex(result);
        }
    }
}
