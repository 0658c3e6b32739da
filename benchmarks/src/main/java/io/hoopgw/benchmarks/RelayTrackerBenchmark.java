package io.hoopgw.benchmarks;

import io.hoopgw.core.protocol.backend.DataRow;
import io.hoopgw.server.relay.MessageBoundaryTracker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the relay pays per 64 KiB socket read of result rows, against what framing and decoding every message would
 * cost.
 *
 * <p>{@link #track} is the relay's whole per-read protocol work: {@link MessageBoundaryTracker#advance} reads each
 * message's five header bytes in place and skips its body. {@link #decodeEach} is the path the relay avoids: cut
 * every message out as a retained slice (what a length-field frame decoder hands on) and decode it into a
 * {@link DataRow}. The gap between them is the per-message cost a gateway would add to every large result if it
 * framed everything; STYLE.md records that this doubled a proxy's CPU on a 1M-row result.
 *
 * <p>The read is a pooled direct buffer, as an epoll read delivers it, holding only whole messages so that the
 * tracker ends each read at a boundary and the next invocation starts clean. Divide the time per read by
 * {@link #messagesPerRead} for the time per message: 4,289 for {@code pgbench-select}, 160 for {@code wide-row}.
 * Netty's leak detector is off in the fork: sampling the one long-lived buffer (or not) would make runs bimodal.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
@State(Scope.Thread)
public class RelayTrackerBenchmark {
    /** The read size: what Netty's adaptive allocator grows to on a busy result stream. */
    static final int READ_SIZE = 64 * 1024;

    /**
     * {@code pgbench-select}: the one-column rows of {@code SELECT abalance FROM pgbench_accounts WHERE aid = ?},
     * about 15 bytes each, the smallest rows a server sends. {@code wide-row}: a 20-column row of ids, timestamps,
     * names, addresses and NULLs, about 410 bytes, as a reporting query returns.
     */
    @Param({"pgbench-select", "wide-row"})
    public String shape;

    private ByteBuf read;
    private int messagesPerRead;
    private MessageBoundaryTracker tracker;
    private long headers;

    /** Fills one read with whole DataRow messages of the chosen shape. */
    @Setup(Level.Trial)
    public void setUp() {
        read = PooledByteBufAllocator.DEFAULT.directBuffer(READ_SIZE, READ_SIZE);
        ByteBuf row = PooledByteBufAllocator.DEFAULT.heapBuffer();
        SplittableRandom random = new SplittableRandom(42);
        try {
            while (true) {
                row.clear();
                Wire.writeDataRow(row, columns(random));
                if (row.readableBytes() > read.writableBytes()) {
                    break;
                }
                read.writeBytes(row);
                messagesPerRead++;
            }
        } finally {
            row.release();
        }
        // A counter stands in for the session's listener, which looks at each tag (ReadyForQuery, ErrorResponse).
        tracker = new MessageBoundaryTracker(1 << 30, (tag, length) -> headers++);
    }

    private String[] columns(SplittableRandom random) {
        return switch (shape) {
            case "pgbench-select" -> new String[] {Integer.toString(random.nextInt(-5000, 5000))};
            case "wide-row" -> new String[] {
                Long.toString(random.nextLong(1, 10_000_000)), Integer.toString(random.nextInt(1, 100)),
                "2024-11-0" + random.nextInt(1, 10) + " 13:37:42.123456+00", "Alice Margaret Smith-Jones",
                "1600 Amphitheatre Parkway, Building 42, Floor 3", "Mountain View", "CA", "94043",
                "United States of America", null, "+1 650 253 0000", "active", "t", null,
                Integer.toString(random.nextInt(0, 1_000_000)), "12345.67",
                "Prefers contact by post; account reviewed in the last audit without findings.",
                "2019-05-21", "premium", "0f8fad5b-d9cb-469f-a165-70867728950e"};
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        };
    }

    /** Releases the read. */
    @TearDown(Level.Trial)
    public void tearDown() {
        read.release();
    }

    /** The number of messages in one read, for the time per message. */
    public int messagesPerRead() {
        return messagesPerRead;
    }

    /** The headers the tracker has reported so far. */
    public long headersSeen() {
        return headers;
    }

    /** The relay's work per read: walk the headers in place; returns how many bytes to forward. */
    @Benchmark
    public int track() {
        return tracker.advance(read).length();
    }

    /** The avoided work: frame every message as a retained slice and decode it; returns the columns seen. */
    @Benchmark
    public int decodeEach() {
        ByteBuf in = read;
        int index = in.readerIndex();
        int end = in.writerIndex();
        int columns = 0;
        while (index < end) {
            int length = in.getInt(index + 1);
            ByteBuf frame = in.retainedSlice(index + 5, length - 4);
            try {
                DataRow row = DataRow.decode(frame);
                columns += row.columnCount();
                row.release();
            } finally {
                frame.release();
            }
            index += 1 + length;
        }
        return columns;
    }
}
