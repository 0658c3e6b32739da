package io.hoopgw.benchmarks;

import io.hoopgw.core.protocol.SqlState;
import io.hoopgw.core.protocol.backend.DataRow;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.hoopgw.core.protocol.frontend.Bind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The core codec on the messages the gateway does decode or build: a Bind of every extended-protocol query (policy
 * and audit look at its parameters), a DataRow that masking rewrites, and the ErrorResponse every denial sends.
 *
 * <p>Decoding keeps values in the buffer they arrived in (one retained slice and an offset array per message), so
 * these numbers should stay flat as values grow; a jump here means a copy crept in. Each body sits in a pooled
 * direct buffer, as it would after a socket read, and the decode benchmarks rewind it rather than copy it. The
 * ErrorResponse is encoded into one reused buffer, so the figure is the encoding alone, not the allocation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
@State(Scope.Thread)
public class CodecBenchmark {
    private ByteBuf bindBody;
    private ByteBuf dataRowBody;
    private ErrorResponse error;
    private ByteBuf encoded;

    /** Writes the two bodies and builds the error. */
    @Setup(Level.Trial)
    public void setUp() {
        bindBody = PooledByteBufAllocator.DEFAULT.directBuffer();
        writeBindBody(bindBody);
        dataRowBody = PooledByteBufAllocator.DEFAULT.directBuffer();
        // A 10-column customer row in text format, as psql or a reporting tool receives it.
        Wire.writeDataRowBody(dataRowBody, "1048576", "Alice Smith", "alice.smith@example.com", "+44 20 7946 0958",
                "221B Baker Street", "London", "NW1 6XE", "2024-11-03 13:37:42.123456+00", "1234.50", null);
        error = ErrorResponse.builder()
                .severity(ErrorResponse.Severity.ERROR)
                .sqlState(SqlState.INSUFFICIENT_PRIVILEGE)
                .message("hoopgw: policy denies write of public.pgbench_accounts for groups [analysts]"
                        + " (rule: analysts-read-only)")
                .hint("Ask for the engineers group, or run the statement on a target where you may write.")
                .build();
        encoded = PooledByteBufAllocator.DEFAULT.directBuffer(256);
    }

    /**
     * A pgjdbc Bind for {@code UPDATE accounts SET balance = $3, note = $4, updated = $5 WHERE id = $1 AND branch
     * = $2} on its server-prepared statement: int8 and int4 in binary, the rest in text, binary results.
     */
    private static void writeBindBody(ByteBuf out) {
        WireFormat.writeCString(out, "");
        WireFormat.writeCString(out, "S_3");
        WireFormat.writeShorts(out, List.of((short) 1, (short) 1, (short) 0, (short) 0, (short) 0));
        out.writeShort(5);
        WireFormat.writeNullableBytes(out, ByteBuffer.allocate(8).putLong(1_048_576L).array());
        WireFormat.writeNullableBytes(out, ByteBuffer.allocate(4).putInt(7).array());
        WireFormat.writeNullableBytes(out, "1234.50".getBytes(StandardCharsets.UTF_8));
        WireFormat.writeNullableBytes(out, "refund approved by support".getBytes(StandardCharsets.UTF_8));
        WireFormat.writeNullableBytes(out, "2024-11-03 13:37:42.123456+00".getBytes(StandardCharsets.UTF_8));
        WireFormat.writeShorts(out, List.of((short) 1));
    }

    /** Releases the buffers. */
    @TearDown(Level.Trial)
    public void tearDown() {
        bindBody.release();
        dataRowBody.release();
        encoded.release();
    }

    /** Decodes the 5-parameter Bind; returns the last parameter's length so the decode cannot be dropped. */
    @Benchmark
    public int decodeBind() {
        bindBody.readerIndex(0);
        Bind bind = Bind.decode(bindBody);
        try {
            return bind.parameter(bind.parameterCount() - 1).readableBytes();
        } finally {
            bind.release();
        }
    }

    /** Decodes the 10-column DataRow; returns the third column's length. */
    @Benchmark
    public int decodeDataRow() {
        dataRowBody.readerIndex(0);
        DataRow row = DataRow.decode(dataRowBody);
        try {
            return row.columnLength(2);
        } finally {
            row.release();
        }
    }

    /** Encodes the policy denial, tag to last field; returns the bytes written. */
    @Benchmark
    public int encodeErrorResponse() {
        encoded.clear();
        error.encode(encoded);
        return encoded.writerIndex();
    }
}
