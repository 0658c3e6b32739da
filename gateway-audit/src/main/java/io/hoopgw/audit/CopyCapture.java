package io.hoopgw.audit;

import io.hoopgw.audit.schema.CaptureMode;
import io.hoopgw.audit.schema.MaskedCount;
import io.hoopgw.audit.schema.CopyDirection;
import io.hoopgw.audit.schema.CopySummary;
import io.hoopgw.audit.schema.Sha256;
import io.hoopgw.audit.store.Hashes;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Accumulates a COPY data stream (TO STDOUT as sent to the client, FROM STDIN as received from it): byte and
 * message counts, a SHA-256 digest over the CopyData payloads concatenated (message framing excluded, so the
 * digest is that of the data file itself), and the first lines (text/CSV) or first bytes (binary).
 *
 * <p>Not thread-safe: fed from the session's event loop.
 */
public final class CopyCapture {
    private final SessionAudit session;
    private final long statement;
    private final CopyDirection direction;
    private final boolean binary;
    private final CaptureMode mode;
    private final int sampleLines;
    private final int sampleBytes;
    private final MessageDigest digest;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private boolean truncated;
    private long messages;
    private long bytes;
    private boolean finished;
    private List<MaskedCount> masked = List.of();

    CopyCapture(SessionAudit session, long statement, CopyDirection direction, boolean binary, CaptureMode mode,
            int sampleLines, int sampleBytes) {
        this.session = session;
        this.statement = statement;
        this.direction = direction;
        this.binary = binary;
        this.mode = mode;
        this.sampleLines = sampleLines;
        this.sampleBytes = sampleBytes;
        this.digest = mode == CaptureMode.NONE ? null : Hashes.sha256();
    }

    /**
     * Adds one CopyData message's payload.
     *
     * @param payload the data after the message header; read without moving its indices, not released
     */
    public void data(ByteBuf payload) {
        if (finished) {
            throw new IllegalStateException("the copy was already recorded");
        }
        int length = payload.readableBytes();
        messages++;
        bytes += length;
        if (digest != null) {
            for (ByteBuffer part : payload.nioBuffers(payload.readerIndex(), length)) {
                digest.update(part);
            }
        }
        if (mode == CaptureMode.ROWS) {
            int room = sampleBytes - head.size();
            int take = Math.min(room, length);
            if (take > 0) {
                byte[] chunk = new byte[take];
                payload.getBytes(payload.readerIndex(), chunk);
                head.write(chunk, 0, take);
            }
            truncated |= take < length;
        }
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
            throw new IllegalStateException("the copy was already recorded");
        }
        finished = true;
        byte[] first = head.toByteArray();
        List<String> lines = new ArrayList<>();
        ByteBuffer firstBytes = null;
        boolean sampleTruncated = truncated;
        if (binary) {
            firstBytes = mode == CaptureMode.ROWS ? ByteBuffer.wrap(first) : null;
        } else {
            int start = 0;
            for (int i = 0; i < first.length && lines.size() < sampleLines; i++) {
                if (first[i] == '\n') {
                    lines.add(new String(Arrays.copyOfRange(first, start, i), StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (start < first.length) {
                // A partial last line or lines beyond the line limit were not kept.
                if (!truncated && lines.size() < sampleLines) {
                    lines.add(new String(Arrays.copyOfRange(first, start, first.length), StandardCharsets.UTF_8));
                } else {
                    sampleTruncated = true;
                }
            }
        }
        Sha256 sha = digest == null ? null : new Sha256(digest.digest());
        return session.copyRecorded(new CopySummary(session.id(), statement, direction, binary, mode, messages, bytes,
                sha, lines, firstBytes, sampleTruncated, masked), bytes);
    }
}
