package io.hoopgw.audit;

import io.hoopgw.audit.schema.CaptureMode;
import io.hoopgw.audit.schema.MaskedCount;
import io.hoopgw.audit.schema.Column;
import io.hoopgw.audit.schema.ResultSummary;
import io.hoopgw.audit.schema.Row;
import io.hoopgw.audit.schema.Sha256;
import io.hoopgw.audit.schema.Value;
import io.hoopgw.audit.store.Hashes;
import io.hoopgw.audit.values.ValueDecoder;
import io.netty.buffer.ByteBuf;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Accumulates what the client received for one result: every DataRow message as sent goes into a SHA-256 digest
 * and the row and byte counts, and the first rows (up to the row and byte limits) are kept decoded. The digest
 * lets an auditor prove a result later without it being stored.
 *
 * <p>Digest definition: SHA-256 over the concatenation, in order, of every DataRow message exactly as sent to
 * the client, from its {@code 'D'} tag byte through its last column byte.
 *
 * <p>Not thread-safe: fed from the session's event loop. {@link #finish()} records the summary.
 */
public final class ResultCapture {
    private final SessionAudit session;
    private final long statement;
    private final List<ResultColumn> columns;
    private final CaptureMode mode;
    private final int sampleRows;
    private final int sampleBytes;
    private final int maxValueBytes;
    private final MessageDigest digest;
    private final List<Row> sample = new ArrayList<>();
    private long sampledBytes;
    private boolean sampleTruncated;
    private long rows;
    private long bytes;
    private boolean finished;
    private List<MaskedCount> masked = List.of();

    ResultCapture(SessionAudit session, long statement, List<ResultColumn> columns, CaptureMode mode,
            int sampleRows, int sampleBytes, int maxValueBytes) {
        this.session = session;
        this.statement = statement;
        this.columns = List.copyOf(columns);
        this.mode = mode;
        this.sampleRows = sampleRows;
        this.sampleBytes = sampleBytes;
        this.maxValueBytes = maxValueBytes;
        this.digest = mode == CaptureMode.NONE ? null : Hashes.sha256();
    }

    /**
     * Adds one DataRow message.
     *
     * @param message the whole message as sent: tag {@code 'D'}, length, column count, columns; read from its
     *                reader index to its writer index without moving them; not released (the caller forwards it)
     * @throws IllegalArgumentException when the bytes are not one DataRow message
     */
    public void dataRow(ByteBuf message) {
        dataRow(message, message.readerIndex(), message.readableBytes());
    }

    /**
     * Adds one DataRow message read in place, without a slice: a relay that sees each row inside the buffer it
     * arrived in calls this once per row, so nothing is allocated per row once the sample is full.
     *
     * @param buffer holds the whole message as sent at {@code index}: tag {@code 'D'}, length, column count,
     *               columns; read without moving its indices; not released
     * @param index  where the message starts
     * @param length the message's length, tag included
     * @throws IllegalArgumentException when the bytes are not one DataRow message
     */
    public void dataRow(ByteBuf buffer, int index, int length) {
        if (finished) {
            throw new IllegalStateException("the result was already recorded");
        }
        if (length < 7 || buffer.getByte(index) != 'D' || buffer.getInt(index + 1) != length - 1) {
            throw new IllegalArgumentException("not one DataRow message (" + length + " bytes)");
        }
        rows++;
        bytes += length;
        if (digest != null) {
            digest(buffer, index, length);
        }
        if (mode == CaptureMode.ROWS && !sampleTruncated) {
            if (sample.size() >= sampleRows || sampledBytes + length > sampleBytes) {
                sampleTruncated = true;
            } else {
                sample.add(decode(buffer, index));
                sampledBytes += length;
            }
        }
    }

    /**
     * Feeds bytes to the digest without allocating: straight from a heap buffer's array, else through the
     * session's scratch array (a ByteBuffer view of a pooled or derived buffer would be a new object per row).
     */
    private void digest(ByteBuf buffer, int index, int length) {
        if (buffer.hasArray()) {
            digest.update(buffer.array(), buffer.arrayOffset() + index, length);
            return;
        }
        byte[] scratch = session.scratch();
        for (int at = index, end = index + length; at < end; ) {
            int n = Math.min(end - at, scratch.length);
            buffer.getBytes(at, scratch, 0, n);
            digest.update(scratch, 0, n);
            at += n;
        }
    }

    private Row decode(ByteBuf message, int start) {
        int count = message.getUnsignedShort(start + 5);
        List<Value> values = new ArrayList<>(count);
        int at = start + 7;
        for (int i = 0; i < count; i++) {
            int length = message.getInt(at);
            at += 4;
            ResultColumn column = i < columns.size() ? columns.get(i) : null;
            int oid = column == null ? 0 : column.typeOid();
            var format = column == null ? io.hoopgw.audit.schema.ValueFormat.BINARY : column.format();
            if (length < 0) {
                values.add(ValueDecoder.nullValue(oid, format));
            } else {
                values.add(ValueDecoder.decode(oid, format, message.slice(at, length), maxValueBytes));
                at += length;
            }
        }
        return new Row(values);
    }

    /** Rows seen so far. */
    public long rows() {
        return rows;
    }

    /** Bytes of DataRow messages seen so far. */
    public long bytes() {
        return bytes;
    }

    /**
     * Notes how many values each masking rule rewrote in what the client received; rules with zero are left out.
     * Call before {@link #finish()}.
     */
    public void masked(java.util.Map<String, Long> counts) {
        List<MaskedCount> list = new ArrayList<>();
        counts.forEach((rule, values) -> {
            if (values > 0) {
                list.add(new MaskedCount(rule, values));
            }
        });
        this.masked = list;
    }

    /** Records the summary (once); completes when it is durable. */
    public CompletableFuture<Void> finish() {
        if (finished) {
            throw new IllegalStateException("the result was already recorded");
        }
        finished = true;
        List<Column> described = new ArrayList<>(columns.size());
        for (ResultColumn c : columns) {
            described.add(new Column(c.name(), c.typeOid(), c.format()));
        }
        Sha256 sha = digest == null ? null : new Sha256(digest.digest());
        return session.resultRecorded(new ResultSummary(session.id(), statement, mode, described, rows, bytes, sha,
                sample, sampleTruncated, masked), rows, bytes);
    }
}
