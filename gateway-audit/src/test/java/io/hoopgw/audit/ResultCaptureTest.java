package io.hoopgw.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.audit.read.AuditReader;
import io.hoopgw.audit.schema.ResultSummary;
import io.hoopgw.audit.schema.ValueFormat;
import io.hoopgw.audit.store.Hashes;
import io.hoopgw.core.protocol.backend.DataRow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A result's digest, counts and sample are the same whether each row arrives as a message of its own or is read in
 * place inside the buffer it arrived in (heap or direct, rows shorter and longer than the copy scratch), and equal
 * SHA-256 over the concatenated messages.
 */
class ResultCaptureTest {
    private static final List<ResultColumn> COLUMNS = List.of(new ResultColumn("id", 23, ValueFormat.TEXT),
            new ResultColumn("note", 25, ValueFormat.TEXT));

    @TempDir
    Path dir;

    private static void writeRow(ByteBuf out, int i) {
        // Every fifth row is longer than the 2 KiB scratch, so the digest is fed in several pieces.
        String note = i % 5 == 0 ? "x".repeat(5000 + i) : "note " + i;
        DataRow row = DataRow.of(Integer.toString(i).getBytes(StandardCharsets.UTF_8),
                i == 3 ? null : note.getBytes(StandardCharsets.UTF_8));
        row.encode(out);
        row.release();
    }

    @Test
    void rowsReadInPlaceGiveTheSameSummaryAsWholeMessages() throws Exception {
        int rows = 12;
        ByteBuf heap = Unpooled.buffer();
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer();
        List<ResultSummary> summaries = new ArrayList<>();
        String expected;
        try {
            for (int i = 0; i < rows; i++) {
                writeRow(heap, i);
            }
            direct.writeZero(3); // rows start at an offset, as inside a socket read
            direct.writeBytes(heap, heap.readerIndex(), heap.readableBytes());
            MessageDigest independent = Hashes.sha256();
            byte[] all = new byte[heap.readableBytes()];
            heap.getBytes(heap.readerIndex(), all);
            independent.update(all);
            expected = Hashes.hex(independent.digest());

            try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(dir).sampleRows(4).build())) {
                SessionAudit session = recorder.sessionStarted(AuditFixture.connection("psql"),
                        AuditFixture.identity("alice"), "sales", "app_reader");
                ResultCapture messages = session.result(session.query("SELECT 1").number(), COLUMNS);
                ResultCapture inHeap = session.result(session.query("SELECT 2").number(), COLUMNS);
                ResultCapture inDirect = session.result(session.query("SELECT 3").number(), COLUMNS);
                for (int at = heap.readerIndex(); at < heap.writerIndex(); ) {
                    int length = heap.getInt(at + 1) + 1;
                    ByteBuf message = heap.retainedSlice(at, length);
                    try {
                        messages.dataRow(message);
                    } finally {
                        message.release();
                    }
                    inHeap.dataRow(heap, at, length);
                    inDirect.dataRow(direct, at + 3, length);
                    at += length;
                }
                messages.finish();
                inHeap.finish();
                inDirect.finish().get(10, TimeUnit.SECONDS);
                session.sessionEnded("done").get(10, TimeUnit.SECONDS);
            }
            AuditReader.forEach(dir, entry -> {
                if (entry.record().getPayload() instanceof ResultSummary summary) {
                    summaries.add(summary);
                }
            }, problem -> {
                throw new AssertionError(problem.toString());
            });
        } finally {
            heap.release();
            direct.release();
        }
        assertThat(summaries).hasSize(3);
        for (ResultSummary summary : summaries) {
            assertThat(Hashes.hex(summary.getDigest().bytes())).isEqualTo(expected);
            assertThat(summary.getRows()).isEqualTo(rows);
            assertThat(summary.getSample()).isEqualTo(summaries.get(0).getSample()).hasSize(4);
            assertThat(summary.getSampleTruncated()).isTrue();
        }
    }

    @Test
    void refusesBytesThatAreNotOneDataRow() throws Exception {
        ByteBuf buffer = Unpooled.buffer();
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(dir).build())) {
            writeRow(buffer, 1);
            SessionAudit session = recorder.sessionStarted(AuditFixture.connection("psql"),
                    AuditFixture.identity("alice"), "sales", "app_reader");
            ResultCapture capture = session.result(session.query("SELECT 1").number(), COLUMNS);
            int length = buffer.readableBytes();
            assertThatThrownBy(() -> capture.dataRow(buffer, 0, length - 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one DataRow");
            assertThatThrownBy(() -> capture.dataRow(buffer, 1, length - 1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(capture.rows()).isZero();
        } finally {
            buffer.release();
        }
    }
}
