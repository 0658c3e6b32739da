package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.server.testing.GatewayHarness;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client that reads a 100 MB result slower than PostgreSQL writes it makes PostgreSQL wait, not the gateway
 * buffer.
 *
 * <p>The client stalls first, then reads 64 KiB every few milliseconds, then drains the rest. Backpressure must
 * reach PostgreSQL: while the client stalls, its backend for the session stays in {@code ClientWrite}, blocked on
 * the gateway's upstream socket, which is full because the gateway stopped reading it. A gateway that read on would
 * let the backend run (it is seen in ClientWrite only now and then, when it outpaces the gateway) and finish.
 *
 * <p>The bound on what the gateway holds is {@link NettyMemoryProbe#GATEWAY_BUFFER_BOUND}: the client channel's
 * outbound buffer up to Netty's high-water mark (64 KiB) and the read that crossed it (at most 64 KiB), in
 * allocator chunks. The kernel's socket buffers on both sides hold more, but outside the JVM. It is far below the
 * 100 MB an unbounded relay would accumulate during the stall.
 */
class SlowClientBackpressureIT {
    private static final Logger log = LoggerFactory.getLogger(SlowClientBackpressureIT.class);
    private static final int ROWS = 100_000;
    private static final String SQL = "SELECT repeat('x', 1000) FROM generate_series(1, " + ROWS + ")";
    /** Tag, length, column count, then one length word and 1,000 bytes per row. */
    private static final long RESULT_BYTES = (long) ROWS * (1 + 4 + 2 + 4 + 1000);
    private static final long MEMORY_BOUND = NettyMemoryProbe.GATEWAY_BUFFER_BOUND;
    private static final int CHUNK = 64 * 1024;
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final Duration SLOW_PHASE = Duration.ofSeconds(2);
    private static final Duration STALL_DEADLINE = Duration.ofSeconds(15);
    private static final Duration STALL_HOLD = Duration.ofSeconds(1);

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
    void aSlowReaderMakesPostgresWaitWhileTheGatewayHoldsLittle() throws Exception {
        try (RawPostgresClient client = RawPostgresClient.connect(harness.port(), CHUNK);
                Connection observer = harness.connectDirectly()) {
            client.login(harness.writerRole(), harness.target(), harness.token("slow@example.com", "writers"));
            try (NettyMemoryProbe probe = NettyMemoryProbe.start()) {
                long started = System.nanoTime();
                client.query(SQL);
                String firstWait = awaitClientWrite(observer);
                long stalledMillis = (System.nanoTime() - started) / 1_000_000;
                Samples held = holdStall(observer);
                long stallPeak = probe.peakAboveBaseline();

                SlowPhase slow = readSlowly(client, observer);
                long slowPeak = probe.peakAboveBaseline();

                long fastStarted = System.nanoTime();
                client.readUntilReady();
                long fastMillis = (System.nanoTime() - fastStarted) / 1_000_000;
                probe.close();

                log.info("stalled client: backend waited on {} after {} ms, then in ClientWrite in {} of {} samples"
                        + " over {} ms; gateway peak {} MiB above the start", firstWait, stalledMillis,
                        held.clientWrite, held.taken, STALL_HOLD.toMillis(), mib(stallPeak));
                log.info("slow phase: read {} MB in {} ms, backend in ClientWrite in {} of {} samples, peak {} MiB"
                        + " above the start", String.format("%.1f", slow.bytes / 1e6), slow.millis,
                        slow.samples.clientWrite, slow.samples.taken, mib(slowPeak));
                log.info("fast phase: read the remaining {} MB in {} ms; whole result {} MB; {}",
                        String.format("%.1f", (client.bytesRead() - slow.bytesAtEnd) / 1e6), fastMillis,
                        String.format("%.1f", RESULT_BYTES / 1e6), probe.describe());

                assertThat(firstWait).as("PostgreSQL's wait once the client stalls").isEqualTo("ClientWrite");
                // A relay without backpressure let PostgreSQL run in 11 of 16 looks; with it, a look can still
                // catch the backend between two blocked writes on a loaded machine (seen once in 20).
                assertThat(held.clientWrite).as("PostgreSQL stays blocked while the client stalls")
                        .isGreaterThanOrEqualTo(held.taken * 9 / 10);
                assertThat(slow.reachedReadyForQuery).as("the slow phase ended before the result did").isFalse();
                assertThat(slow.samples.clientWrite).as("PostgreSQL kept waiting on the slow client").isPositive();
                assertThat(client.dataRows()).isEqualTo(ROWS);
                assertThat(client.commandTag()).isEqualTo("SELECT " + ROWS);
                assertThat(client.transactionStatus()).isEqualTo('I');
                assertThat(probe.peakAboveBaseline()).as("gateway buffer memory: %s", probe.describe())
                        .isLessThan(MEMORY_BOUND);
            }
        }
    }

    /**
     * Keeps not reading for {@link #STALL_HOLD}, looking at PostgreSQL's wait every 50 ms. With backpressure nothing
     * moves, so (nearly) every look finds ClientWrite; a relay that read on would let PostgreSQL run (and finish).
     */
    private Samples holdStall(Connection observer) throws SQLException {
        Samples samples = new Samples();
        long end = System.nanoTime() + STALL_HOLD.toNanos();
        while (System.nanoTime() < end) {
            samples.look(backendWait(observer));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        return samples;
    }

    /** Polls pg_stat_activity for the session's backend until it waits on its client, or the deadline passes. */
    private String awaitClientWrite(Connection observer) throws SQLException {
        long deadline = System.nanoTime() + STALL_DEADLINE.toNanos();
        String wait;
        do {
            wait = backendWait(observer);
            if ("ClientWrite".equals(wait)) {
                return wait;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        } while (System.nanoTime() < deadline);
        return wait;
    }

    /**
     * Reads 64 KiB every 5 ms for {@link #SLOW_PHASE}, looking at PostgreSQL's wait every 20 chunks. The pace
     * (at most ~13 MB/s) is far below what PostgreSQL and the gateway sustain on loopback.
     */
    private SlowPhase readSlowly(RawPostgresClient client, Connection observer) throws Exception {
        SlowPhase phase = new SlowPhase();
        long start = System.nanoTime();
        long end = start + SLOW_PHASE.toNanos();
        long bytesAtStart = client.bytesRead();
        int chunks = 0;
        while (System.nanoTime() < end) {
            if (client.readAtLeast(CHUNK)) {
                phase.reachedReadyForQuery = true;
                break;
            }
            if (++chunks % 20 == 0) {
                phase.samples.look(backendWait(observer));
            }
            LockSupport.parkNanos(PAUSE_NANOS);
        }
        phase.millis = (System.nanoTime() - start) / 1_000_000;
        phase.bytesAtEnd = client.bytesRead();
        phase.bytes = phase.bytesAtEnd - bytesAtStart;
        return phase;
    }

    /** The wait event of the backend running {@link #SQL} for this harness's writer role, or null. */
    private String backendWait(Connection observer) throws SQLException {
        try (PreparedStatement statement = observer.prepareStatement("SELECT wait_event FROM pg_stat_activity"
                + " WHERE usename = ? AND datname = ? AND state = 'active' AND query = ?")) {
            statement.setString(1, harness.writerRole());
            statement.setString(2, harness.target());
            statement.setString(3, SQL);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static String mib(long bytes) {
        return String.format("%.2f", NettyMemoryProbe.mib(bytes));
    }

    /** Looks at PostgreSQL's wait event, and how many found it waiting on the client. */
    private static final class Samples {
        int taken;
        int clientWrite;

        void look(String waitEvent) {
            taken++;
            if ("ClientWrite".equals(waitEvent)) {
                clientWrite++;
            }
        }
    }

    /** What the slow phase saw. */
    private static final class SlowPhase {
        final Samples samples = new Samples();
        long bytes;
        long bytesAtEnd;
        long millis;
        boolean reachedReadyForQuery;
    }
}
