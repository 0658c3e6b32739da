package io.hoopgw.benchmarks;

import io.hoopgw.audit.AuditConfig;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.AuditRecorder;
import io.hoopgw.audit.ConnectionInfo;
import io.hoopgw.core.auth.Identity;
import io.hoopgw.core.mask.MaskConfigException;
import io.hoopgw.core.mask.MaskingConfig;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.backend.CommandComplete;
import io.hoopgw.core.protocol.backend.ReadyForQuery;
import io.hoopgw.core.protocol.backend.RowDescription;
import io.hoopgw.core.protocol.frontend.Query;
import io.hoopgw.server.conversation.Conversation;
import io.hoopgw.server.mask.ColumnCatalog;
import io.hoopgw.server.mask.MaskingControls;
import io.hoopgw.server.relay.FramedRelayHandler;
import io.hoopgw.server.relay.RelayDirection;
import io.hoopgw.server.relay.RelayHandler;
import io.hoopgw.server.relay.Verdict;
import io.hoopgw.server.session.DataPathControls;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * What one 64 KiB socket read of result rows costs on its way from the server to the client, along each path an
 * established session can take: the bare relay, the framing relay alone, and the framing relay applying recording
 * or masking through a session's {@link Conversation}.
 *
 * <p>{@code relay} is {@link RelayHandler}, what sessions without data-path controls use: header walk, one write
 * per read. {@code framed} is {@link FramedRelayHandler} with an inspector that forwards every message: the cost of
 * showing each message to an inspector. {@code recording} is the server direction of a conversation that records
 * (results: rows, so each row goes into the result's digest and the first 100 are decoded into the sample);
 * {@code masking} is one with card and e-mail detector rules. Every handler runs in an {@link EmbeddedChannel}, as
 * in a session, with the client as another; each invocation feeds one read and releases what reached the client.
 *
 * <p>The {@code series} rows are those of {@code SELECT g, md5(g::text) FROM generate_series(1, N) g}
 * (bench/large-result.sh), about 55 bytes, with nothing to mask; {@code cards} rows hold an id, a Luhn-valid card
 * number and an e-mail address (bench/masking.sh), all of them masked; {@code plain} rows have the same shape with
 * nothing any detector finds ({@code order 0000000001}, {@code user1 at example.com}: bench/masking.sh's plain
 * result). Divide the time per read by {@link #rowsPerRead} for the time per row: 1,236 series rows, 992 cards
 * rows, 992 plain rows.
 *
 * <p>Recording writes to a temporary directory with the audit store's fsync on; only the session start and the
 * statement reach it while rows are measured (the result's summary is written at the end of the trial).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
@State(Scope.Thread)
public class FramedRelayBenchmark {
    static final int READ_SIZE = 64 * 1024;
    private static final int TEXT = 25;
    private static final int INT4 = 23;

    /** The path the rows take; see the class comment. */
    @Param({"relay", "framed", "recording", "masking"})
    public String path;

    /** The rows; see the class comment. */
    @Param({"series", "cards", "plain"})
    public String shape;

    private EmbeddedChannel client;
    private EmbeddedChannel upstream;
    private AuditRecorder recorder;
    private Path auditDirectory;
    private Conversation conversation;
    private ByteBuf read;
    private int rowsPerRead;
    private long forwarded;
    private Throwable failure;

    /** Opens the path, sends the statement the rows answer and its RowDescription, and fills one read. */
    @Setup(Level.Trial)
    public void setUp() throws MaskConfigException, IOException {
        client = new EmbeddedChannel();
        upstream = new EmbeddedChannel();
        RelayDirection.Events events = new RelayDirection.Events() {
            @Override
            public void protocolViolation(RelayDirection source, ProtocolException cause) {
                failure = cause;
            }

            @Override
            public void closed(RelayDirection source) {
            }

            @Override
            public void failed(RelayDirection source, Throwable cause) {
                failure = cause;
            }
        };
        ChannelHandler fromUpstream = switch (path) {
            case "relay" -> new RelayHandler(client, Integer.MAX_VALUE, (tag, length) -> { }, events);
            case "framed" -> new FramedRelayHandler(client, Integer.MAX_VALUE,
                    (tag, buffer, index, length) -> Verdict.FORWARD, events);
            case "recording", "masking" -> conversationPath(events);
            default -> throw new IllegalArgumentException("unknown path " + path);
        };
        upstream.pipeline().addLast(fromUpstream);
        feed(rowDescription());
        read = PooledByteBufAllocator.DEFAULT.directBuffer(READ_SIZE, READ_SIZE);
        ByteBuf row = PooledByteBufAllocator.DEFAULT.heapBuffer();
        try {
            for (int i = 1; ; i++) {
                row.clear();
                Wire.writeDataRow(row, columns(i));
                if (row.readableBytes() > read.writableBytes()) {
                    break;
                }
                read.writeBytes(row);
                rowsPerRead++;
            }
        } finally {
            row.release();
        }
    }

    /** Opens a conversation with the path's control, and sends its Query upstream once the record is durable. */
    private FramedRelayHandler conversationPath(RelayDirection.Events events) throws MaskConfigException,
            IOException {
        DataPathControls controls = DataPathControls.NONE;
        if (path.equals("recording")) {
            auditDirectory = Files.createTempDirectory("hoopgw-bench-audit");
            recorder = AuditRecorder.open(AuditConfig.builder(auditDirectory, "bench",
                    AuditKeys.generate(AuditKeys.Algorithm.ED25519)).build());
            controls = controls.withAudit(recorder);
        } else {
            controls = controls.withMasking(new MaskingControls(MaskingConfig.read("masking.rules", List.of(
                    Map.of("name", "cards", "detect", "card", "strategy", "partial", "keep-last", 4),
                    Map.of("name", "emails", "detect", "email", "strategy", "redact", "mask", "[email]"))),
                    ColumnCatalog.NONE));
        }
        Identity identity = new Identity("bench", "hoopgw-dev", Set.of("bench"), "jti", Instant.now().plusSeconds(3600));
        conversation = Conversation.open(controls, identity, "bench", "bench",
                new ConnectionInfo("127.0.0.1", 50000, null, Map.of("user", "bench")), client, upstream,
                () -> ImmediateEventExecutor.INSTANCE.newSucceededFuture(null));
        FramedRelayHandler fromClient = new FramedRelayHandler(upstream, 1 << 20, conversation.clientMessages(),
                events);
        FramedRelayHandler fromUpstream = new FramedRelayHandler(client, Integer.MAX_VALUE,
                conversation.serverMessages(), events);
        FramedRelayHandler.pair(fromClient, fromUpstream);
        client.pipeline().addLast(fromClient);
        ByteBuf query = PooledByteBufAllocator.DEFAULT.buffer();
        new Query(shape.equals("series") ? "SELECT g, md5(g::text) FROM generate_series(1, 1000000) g"
                : "SELECT id, card, email FROM customers").encode(query);
        client.writeInbound(query);
        // A recorded Query waits for its record to be durable, then goes upstream from the client's event loop.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Object sent;
        while ((sent = upstream.readOutbound()) == null) {
            if (System.nanoTime() > deadline || failure != null) {
                throw new IllegalStateException("the Query never went upstream", failure);
            }
            client.runPendingTasks();
            Thread.onSpinWait();
        }
        ReferenceCountUtil.release(sent);
        return fromUpstream;
    }

    private ByteBuf rowDescription() {
        List<RowDescription.Field> fields = shape.equals("series")
                ? List.of(field("g", INT4), field("md5", TEXT))
                : List.of(field("id", INT4), field("card", TEXT), field("email", TEXT));
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer();
        new RowDescription(fields).encode(out);
        return out;
    }

    private static RowDescription.Field field(String name, int type) {
        return new RowDescription.Field(name, 0, (short) 0, type, (short) -1, -1, (short) 0);
    }

    private String[] columns(int i) {
        String id = Integer.toString(1_000_000 - i);
        if (shape.equals("series")) {
            return new String[] {id, md5(id)};
        }
        if (shape.equals("plain")) {
            return new String[] {id, "order " + "0".repeat(Math.max(0, 10 - id.length())) + id,
                "user" + id + " at example.com"};
        }
        return new String[] {id, i % 2 == 0 ? "4111 1111 1111 1111" : "5555-5555-5555-4444",
            "user" + id + "@example.com"};
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code bytes} into the upstream channel as one read, and releases what reached the client. */
    private int feed(ByteBuf bytes) {
        upstream.writeInbound(bytes);
        if (failure != null) {
            throw new IllegalStateException("the relay failed", failure);
        }
        int out = 0;
        Object message;
        while ((message = client.readOutbound()) != null) {
            out += ((ByteBuf) message).readableBytes();
            ReferenceCountUtil.release(message);
        }
        forwarded += out;
        return out;
    }

    /** Ends the result, then closes the channels and the recorder and removes the audit directory. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        ByteBuf end = PooledByteBufAllocator.DEFAULT.buffer();
        new CommandComplete("SELECT " + rowsPerRead).encode(end);
        ReadyForQuery.IDLE.encode(end);
        feed(end);
        if (conversation != null) {
            conversation.ended("benchmark over");
        }
        client.finishAndReleaseAll();
        upstream.finishAndReleaseAll();
        read.release();
        if (recorder != null) {
            recorder.close();
            try (Stream<Path> files = Files.walk(auditDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    /** The number of rows in one read, for the time per row. */
    public int rowsPerRead() {
        return rowsPerRead;
    }

    /** Bytes that reached the client so far. */
    public long forwarded() {
        return forwarded;
    }

    /** The audit directory of the {@code recording} path (null for the others). */
    Path auditDirectory() {
        return auditDirectory;
    }

    /** One read of rows from the server to the client; returns the bytes the client got. */
    @Benchmark
    public int read() {
        return feed(read.retainedDuplicate());
    }
}
