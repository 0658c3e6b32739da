package io.hoopgw.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.audit.AuditFixture;
import io.hoopgw.audit.AuditRecorder;
import io.hoopgw.audit.SessionAudit;
import io.hoopgw.audit.verify.AuditVerifier;
import io.hoopgw.audit.verify.Report;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A crash can stop a write at any byte; every record in a block completed before that byte stays readable. */
class CrashTruncationTest {
    @TempDir
    Path dir;

    private record Read(List<Long> sequences, List<Long> blockOffsets, boolean torn) {
    }

    private static Read read(Path segment) throws Exception {
        List<Long> sequences = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        boolean[] torn = {false};
        SegmentScanner.scan(segment, new GenericDatumReader<GenericRecord>(), new SegmentScanner.Visitor<>() {
            @Override
            public void record(Path file, long blockOffset, org.apache.avro.Schema schema, GenericRecord datum) {
                sequences.add((Long) datum.get("sequence"));
                offsets.add(blockOffset);
            }

            @Override
            public void problem(Path file, long offset, SegmentScanner.Damage kind, String message) {
                assertThat(kind).isEqualTo(SegmentScanner.Damage.TORN_TAIL);
                torn[0] = true;
            }
        });
        return new Read(sequences, offsets, torn[0]);
    }

    @Test
    void everyRecordBeforeTheCutStaysReadableAtEveryOffsetOfTheTail() throws Exception {
        Path audit = dir.resolve("audit");
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(audit).checkpointRecords(1000).build())) {
            SessionAudit session = recorder.sessionStarted(AuditFixture.connection("psql"),
                    AuditFixture.identity("alice"), "sales", "app_reader");
            session.started().get(10, TimeUnit.SECONDS);
            // One statement per batch: one block per record.
            for (int i = 0; i < 8; i++) {
                session.query("SELECT " + i).durable().get(10, TimeUnit.SECONDS);
            }
        }
        Path segment = ChainRecovery.segments(audit).get(0);
        byte[] whole = Files.readAllBytes(segment);
        Read intact = read(segment);
        assertThat(intact.torn()).isFalse();
        List<Long> blockStarts = intact.blockOffsets().stream().distinct().toList();
        // The tail: the last four blocks.
        long tailStart = blockStarts.get(blockStarts.size() - 4);

        Path copy = dir.resolve("copy.avro");
        for (long cut = tailStart; cut < whole.length; cut++) {
            Files.write(copy, whole);
            try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                channel.truncate(cut);
            }
            Read read = read(copy);
            long complete = 0;
            for (int b = 0; b < blockStarts.size(); b++) {
                long end = b + 1 < blockStarts.size() ? blockStarts.get(b + 1) : whole.length;
                if (end <= cut) {
                    long start = blockStarts.get(b);
                    complete += intact.blockOffsets().stream().filter(o -> o == start).count();
                }
            }
            assertThat(read.sequences()).as("cut at %d", cut).hasSize((int) complete);
            assertThat(read.sequences()).isEqualTo(intact.sequences().subList(0, (int) complete));
            // A cut exactly between two blocks leaves nothing torn.
            assertThat(read.torn()).as("cut at %d", cut).isEqualTo(!blockStarts.contains(cut));
        }
    }

    @Test
    void aSegmentACrashLeftOpenReadsToItsLastBlockThroughTheZerosWrittenAheadOfIt() throws Exception {
        Path audit = dir.resolve("audit");
        Path crashed = dir.resolve("crashed");
        Files.createDirectories(crashed);
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(audit).preallocateSegments(true)
                .checkpointRecords(1000).build())) {
            SessionAudit session = recorder.sessionStarted(AuditFixture.connection("psql"),
                    AuditFixture.identity("alice"), "sales", "app_reader");
            session.started().get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 5; i++) {
                session.query("SELECT " + i).durable().get(10, TimeUnit.SECONDS);
            }
            // What a kill -9 leaves: the open segment as it is on disk now.
            for (Path segment : ChainRecovery.segments(audit)) {
                Files.copy(segment, crashed.resolve(segment.getFileName()));
            }
        }
        Path open = ChainRecovery.segments(crashed).get(0);
        Read read = read(open);
        assertThat(read.torn()).isFalse();
        assertThat(read.sequences()).hasSize(7); // segment start, session start, five statements
        long lastBlock = read.blockOffsets().get(read.blockOffsets().size() - 1);
        assertThat(Files.size(open)).as("zero-filled ahead").isGreaterThan(lastBlock + 64 * 1024);

        // Closing cut the zeros off: the closed segment is no longer than its data.
        Path closed = ChainRecovery.segments(audit).get(0);
        assertThat(Files.size(closed)).isLessThan(16 * 1024);
        assertThat(read(closed).torn()).isFalse();

        // A writer restarted on the crashed directory continues the chain in a new segment, and it all verifies.
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(crashed).build())) {
            AuditFixture.simpleSession(recorder, "after", "SELECT 'after the crash'");
        }
        Report report = AuditVerifier.verify(crashed, AuditFixture.KEY.toPublicJWK());
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.notes()).as(report.render()).isEmpty();
    }

    @Test
    void aTornBlockInFrontOfTheZerosIsStillReportedTorn() throws Exception {
        Path audit = dir.resolve("audit");
        Path crashed = dir.resolve("crashed.avro");
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(audit).preallocateSegments(true)
                .build())) {
            AuditFixture.simpleSession(recorder, "alice", "SELECT 1");
            Path segment = ChainRecovery.segments(audit).get(0);
            Files.copy(segment, crashed);
        }
        Read intact = read(crashed);
        assertThat(intact.torn()).isFalse();
        long dataEnd = dataEnd(crashed, intact.blockOffsets().get(0));
        assertThat(Files.size(crashed)).isGreaterThan(dataEnd);
        // A block whose first bytes reached the disk and whose rest did not: a count, a size, then zeros.
        try (FileChannel channel = FileChannel.open(crashed, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {2, (byte) 200, 1}), dataEnd);
        }
        Read torn = read(crashed);
        assertThat(torn.torn()).isTrue();
        assertThat(torn.sequences()).isEqualTo(intact.sequences());
    }

    /**
     * Where the last block ends: just past the last copy of the file's sync marker (which ends the header, just
     * before the first block, and every block).
     */
    private static long dataEnd(Path file, long firstBlock) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        byte[] sync = Arrays.copyOfRange(bytes, (int) firstBlock - 16, (int) firstBlock);
        for (int i = bytes.length - sync.length; i >= 0; i--) {
            if (Arrays.equals(bytes, i, i + sync.length, sync, 0, sync.length)) {
                return i + sync.length;
            }
        }
        throw new AssertionError("no sync marker in " + file);
    }

    @Test
    void aWriterRestartedAfterATornTailContinuesAndVerifies() throws Exception {
        Path audit = dir.resolve("audit");
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(audit).build())) {
            for (int i = 0; i < 3; i++) {
                AuditFixture.simpleSession(recorder, "user" + i, "SELECT " + i);
            }
        }
        Path segment = ChainRecovery.segments(audit).get(0);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(segment) - 40);
        }
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(audit).build())) {
            AuditFixture.simpleSession(recorder, "after", "SELECT 'after the crash'");
        }
        Report report = AuditVerifier.verify(audit, AuditFixture.KEY.toPublicJWK());
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.unsealed()).isZero();
        assertThat(report.notes()).anySatisfy(f -> assertThat(f.kind().name()).isEqualTo("TORN_TAIL"));
    }
}
