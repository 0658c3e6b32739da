package io.hoopgw.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.audit.AuditConfig;
import io.hoopgw.audit.AuditFixture;
import io.hoopgw.audit.AuditRecorder;
import io.hoopgw.audit.SessionAudit;
import io.hoopgw.audit.read.AuditReader;
import io.hoopgw.audit.read.ReadProblem;
import io.hoopgw.audit.verify.AuditVerifier;
import io.hoopgw.audit.verify.Finding;
import io.hoopgw.audit.verify.Report;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A power loss keeps the unforced pages of the open segment in any order: a hole, then pages written after it.
 * Nothing in that part was acknowledged, so the chain continues before the hole and verify reports a torn tail;
 * the same damage where a checkpoint or a later segment vouches for what follows it is corruption.
 */
class PowerLossTest {
    @TempDir
    Path dir;

    private record Scanned(List<GenericRecord> records, List<Long> blockOffsets, List<Long> damage) {
        List<Long> blockStarts() {
            return blockOffsets.stream().distinct().toList();
        }

        /** Where the block of the last checkpoint starts, -1 for none. */
        long lastCheckpointBlock() {
            long last = -1;
            for (int i = 0; i < records.size(); i++) {
                if (SegmentScanner.isCheckpoint(records.get(i))) {
                    last = blockOffsets.get(i);
                }
            }
            return last;
        }

        /** The sequence of the last record in a block before {@code offset}. */
        long lastSequenceBefore(long offset) {
            long last = -1;
            for (int i = 0; i < records.size() && blockOffsets.get(i) < offset; i++) {
                last = (Long) records.get(i).get("sequence");
            }
            return last;
        }
    }

    private static Scanned scan(Path segment) throws Exception {
        List<GenericRecord> records = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        List<Long> damage = new ArrayList<>();
        SegmentScanner.scan(segment, new GenericDatumReader<GenericRecord>(), new SegmentScanner.Visitor<>() {
            @Override
            public void record(Path file, long blockOffset, Schema schema, GenericRecord datum) {
                records.add(datum);
                offsets.add(blockOffset);
            }

            @Override
            public void problem(Path file, long offset, SegmentScanner.Damage kind, String message) {
                damage.add(offset);
            }
        });
        return new Scanned(records, offsets, damage);
    }

    /**
     * Records a session of {@code statements} statements, one group commit each, and copies the directory as a
     * crash would leave it (the open segment unclosed) into {@code crashed}.
     */
    private static void recordAndCrash(AuditConfig config, Path crashed, int statements) throws Exception {
        recordAndCrash(config, crashed, statements, i -> "SELECT " + i);
    }

    private static void recordAndCrash(AuditConfig config, Path crashed, int statements, IntFunction<String> sql)
            throws Exception {
        Files.createDirectories(crashed);
        try (AuditRecorder recorder = AuditRecorder.open(config)) {
            SessionAudit session = recorder.sessionStarted(AuditFixture.connection("psql"),
                    AuditFixture.identity("alice"), "sales", "app_reader");
            session.started().get(10, TimeUnit.SECONDS);
            for (int i = 0; i < statements; i++) {
                session.query(sql.apply(i)).durable().get(10, TimeUnit.SECONDS);
            }
            for (Path segment : ChainRecovery.segments(config.directory())) {
                Files.copy(segment, crashed.resolve(segment.getFileName()));
            }
        }
    }

    /** Zeros from {@code from} to {@code to}: pages the device never wrote. */
    private static void lose(Path file, long from, long to) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate((int) (to - from)), from);
        }
    }

    private static void assertFound(List<Finding> findings, Finding.Kind kind, long offset) {
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(kind);
            assertThat(f.offset()).isEqualTo(offset);
        });
    }

    /** The sequences {@link AuditReader} reads, failing on any problem but a torn tail. */
    private static List<Long> read(Path audit) throws Exception {
        List<Long> sequences = new ArrayList<>();
        AuditReader.forEach(audit, entry -> sequences.add(entry.record().getSequence()), problem -> {
            if (problem.failure()) {
                throw new AssertionError(problem.describe());
            }
        });
        return sequences;
    }

    private static List<ReadProblem> readProblems(Path audit) throws Exception {
        List<ReadProblem> problems = new ArrayList<>();
        AuditReader.forEach(audit, entry -> { }, problems::add);
        return problems;
    }

    private static Report verify(Path audit) throws Exception {
        return AuditVerifier.verify(audit, AuditFixture.KEY.toPublicJWK());
    }

    private static long previousSequenceOf(Path segment) throws Exception {
        GenericRecord started = (GenericRecord) scan(segment).records().get(0).get("payload");
        assertThat(started.getSchema().getName()).isEqualTo("SegmentStarted");
        return (Long) started.get("previousSequence");
    }

    @Test
    void aHoleInTheOpenSegmentsUnforcedEndIsATornTailAndTheChainContinuesBeforeIt() throws Exception {
        Path crashed = dir.resolve("crashed");
        recordAndCrash(AuditFixture.config(dir.resolve("audit")).preallocateSegments(true).checkpointRecords(1000)
                .build(), crashed, 8);
        Path open = ChainRecovery.segments(crashed).get(0);
        Scanned intact = scan(open);
        List<Long> blocks = intact.blockStarts();
        long holeStart = blocks.get(blocks.size() - 5);
        lose(open, holeStart, blocks.get(blocks.size() - 3));

        Scanned damaged = scan(open);
        assertThat(damaged.damage()).containsExactly(holeStart);
        assertThat(damaged.blockOffsets()).as("pages written after the hole survived").last()
                .isEqualTo(blocks.get(blocks.size() - 1));
        long lastBefore = intact.lastSequenceBefore(holeStart);
        assertThat(ChainRecovery.recover(crashed).sequence()).isEqualTo(lastBefore);

        assertThat(read(crashed)).as("what the readers show").containsExactlyElementsOf(
                intact.records().stream().map(r -> (Long) r.get("sequence")).filter(s -> s <= lastBefore).toList());

        Report before = verify(crashed);
        assertThat(before.ok()).as(before.render()).isTrue();
        assertThat(before.records()).isEqualTo(lastBefore);
        assertThat(before.notes()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.TORN_TAIL);
            assertThat(f.offset()).isEqualTo(holeStart);
            assertThat(f.message()).contains("continues from record " + lastBefore);
        });

        // The gateway restarts after the power loss: the chain goes on from the last record before the hole.
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(crashed).preallocateSegments(true)
                .build())) {
            AuditFixture.simpleSession(recorder, "after", "SELECT 'after the power loss'");
        }
        List<Path> segments = ChainRecovery.segments(crashed);
        assertThat(segments).hasSize(2);
        assertThat(previousSequenceOf(segments.get(1))).isEqualTo(lastBefore);
        List<Long> read = read(crashed);
        assertThat(read).as("no sequence twice").doesNotHaveDuplicates();
        assertThat(read).contains(lastBefore, lastBefore + 1);
        Report after = verify(crashed);
        assertThat(after.ok()).as(after.render()).isTrue();
        assertThat(after.unsealed()).isZero();
        assertThat(after.notes()).as(after.render()).extracting(Finding::kind)
                .containsExactly(Finding.Kind.TORN_TAIL);
    }

    @Test
    void aPageLostInsideALargeBlockIsATornTailThoughAvroReadsTheBlock() throws Exception {
        Path crashed = dir.resolve("crashed");
        // The fifth statement is 20 KB: its block spans several pages, and the middle one is lost.
        recordAndCrash(AuditFixture.config(dir.resolve("audit")).preallocateSegments(true).checkpointRecords(1000)
                .build(), crashed, 7, i -> i == 4 ? "SELECT '" + "x".repeat(20_000) + "'" : "SELECT " + i);
        Path open = ChainRecovery.segments(crashed).get(0);
        Scanned intact = scan(open);
        List<Long> blocks = intact.blockStarts();
        long large = blocks.get(blocks.size() - 3);
        assertThat(blocks.get(blocks.size() - 2) - large).isGreaterThan(20_000);
        lose(open, large + 8192, large + 12288);

        Scanned damaged = scan(open);
        assertThat(damaged.damage()).as("Avro sees nothing wrong").isEmpty();
        long lastBefore = intact.lastSequenceBefore(large);
        assertThat(ChainRecovery.recover(crashed).sequence()).isEqualTo(lastBefore);
        // The readers see no problem: within a segment they check sequences, not hashes.
        assertThat(read(crashed)).contains(lastBefore);
        Report report = verify(crashed);
        assertThat(report.ok()).as(report.render()).isTrue();
        assertFound(report.notes(), Finding.Kind.TORN_TAIL, large);

        // After the restart the readers leave out what the next segment says was never acknowledged.
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(crashed).build())) {
            AuditFixture.simpleSession(recorder, "after", "SELECT 'after the power loss'");
        }
        List<Long> sequences = read(crashed);
        assertThat(sequences).doesNotHaveDuplicates().contains(lastBefore, lastBefore + 1);
        assertThat(verify(crashed).ok()).isTrue();
    }

    @Test
    void aCheckpointCutInTheMiddleOfItsBlockIsATornTailNotASeal() throws Exception {
        Path crashed = dir.resolve("crashed");
        recordAndCrash(AuditFixture.config(dir.resolve("audit")).preallocateSegments(true).build(), crashed, 8);
        Path open = ChainRecovery.segments(crashed).get(0);
        Scanned intact = scan(open);
        long checkpointBlock = intact.lastCheckpointBlock();
        List<Long> blocks = intact.blockStarts();
        long next = blocks.get(blocks.indexOf(checkpointBlock) + 1);
        long covered = intact.lastSequenceBefore(checkpointBlock);
        // Power failed while the block that begins with the checkpoint was forced: its first page (the start of
        // the checkpoint) and its last (with the sync marker) reached the disk, the page between did not.
        long signature = new String(Files.readAllBytes(open), StandardCharsets.ISO_8859_1).indexOf("eyJ",
                (int) checkpointBlock);
        lose(open, signature + 40, next - 16);

        assertThat(ChainRecovery.recover(crashed).sequence()).isEqualTo(covered);
        Report report = verify(crashed);
        assertThat(report.ok()).as(report.render()).isTrue();
        assertFound(report.notes(), Finding.Kind.TORN_TAIL, checkpointBlock);
    }

    @Test
    void damageBeforeTheLastCheckpointDoesNotMakeAHoleAfterItCount() throws Exception {
        Path crashed = dir.resolve("crashed");
        // A checkpoint after the fifth record (of seven), then statements after it in blocks of their own.
        recordAndCrash(AuditFixture.config(dir.resolve("audit")).preallocateSegments(true).build(), crashed, 8);
        Path open = ChainRecovery.segments(crashed).get(0);
        Scanned intact = scan(open);
        long lastCheckpointBlock = intact.lastCheckpointBlock();
        List<Long> blocks = intact.blockStarts();
        int checkpoint = blocks.indexOf(lastCheckpointBlock);
        assertThat(blocks.size() - checkpoint).as("blocks after the last checkpoint").isGreaterThanOrEqualTo(4);
        long rot = blocks.get(checkpoint - 1);
        lose(open, rot + 2, blocks.get(checkpoint) - 16); // the records; the sync marker ending the block stays
        long hole = blocks.get(blocks.size() - 3);
        lose(open, hole, blocks.get(blocks.size() - 2));

        assertThat(ChainRecovery.recover(crashed).sequence()).isEqualTo(intact.lastSequenceBefore(hole));
        Report report = verify(crashed);
        assertThat(report.ok()).as(report.render()).isFalse();
        assertFound(report.problems(), Finding.Kind.CORRUPT, rot);
        assertFound(report.notes(), Finding.Kind.TORN_TAIL, hole);
    }

    @Test
    void damageInASegmentsFirstBlockIsCorruptionSinceThatBlockIsForcedFirst() throws Exception {
        Path crashed = dir.resolve("crashed");
        recordAndCrash(AuditFixture.config(dir.resolve("audit")).preallocateSegments(true).checkpointRecords(1000)
                .build(), crashed, 3);
        Path open = ChainRecovery.segments(crashed).get(0);
        List<Long> blocks = scan(open).blockStarts();
        lose(open, blocks.get(0) + 2, blocks.get(1));

        Report report = verify(crashed);
        assertThat(report.ok()).as(report.render()).isFalse();
        assertFound(report.problems(), Finding.Kind.CORRUPT, blocks.get(0));
        assertThat(readProblems(crashed)).anySatisfy(p -> assertThat(p.failure()).isTrue());
    }

    @Test
    void theSameHoleBeforeACheckpointIsCorruption() throws Exception {
        Path crashed = dir.resolve("crashed");
        // A checkpoint every five records: some lie after the hole.
        recordAndCrash(AuditFixture.config(dir.resolve("audit")).preallocateSegments(true).build(), crashed, 12);
        Path open = ChainRecovery.segments(crashed).get(0);
        Scanned intact = scan(open);
        long lastCheckpointBlock = intact.lastCheckpointBlock();
        List<Long> blocks = intact.blockStarts();
        long holeStart = blocks.get(blocks.indexOf(lastCheckpointBlock) - 2);
        lose(open, holeStart + 2, blocks.get(blocks.indexOf(lastCheckpointBlock) - 1));

        Report report = verify(crashed);
        assertThat(report.ok()).as(report.render()).isFalse();
        assertFound(report.problems(), Finding.Kind.CORRUPT, holeStart);
        assertThat(readProblems(crashed)).anySatisfy(p -> assertThat(p.failure()).isTrue());
        // The records the checkpoint vouches for were acknowledged: the chain goes on after them, not before.
        GenericRecord last = intact.records().get(intact.records().size() - 1);
        assertThat(ChainRecovery.recover(crashed).sequence()).isEqualTo((Long) last.get("sequence"));
    }

    @Test
    void theSameHoleWhereALaterSegmentContinuesPastItIsCorruption() throws Exception {
        Path crashed = dir.resolve("crashed");
        recordAndCrash(AuditFixture.config(dir.resolve("audit")).preallocateSegments(true).checkpointRecords(1000)
                .build(), crashed, 8);
        // The gateway restarted on the undamaged segment, continuing from its last record...
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(crashed).build())) {
            AuditFixture.simpleSession(recorder, "after", "SELECT 'after'");
        }
        Path first = ChainRecovery.segments(crashed).get(0);
        Scanned intact = scan(first);
        GenericRecord last = intact.records().get(intact.records().size() - 1);
        assertThat(previousSequenceOf(ChainRecovery.segments(crashed).get(1))).isEqualTo((Long) last.get("sequence"));
        // ...so those records were durable, and a hole among them now is damage to acknowledged records.
        List<Long> blocks = intact.blockStarts();
        long holeStart = blocks.get(blocks.size() - 4);
        lose(first, holeStart, blocks.get(blocks.size() - 3));

        Report report = verify(crashed);
        assertThat(report.ok()).as(report.render()).isFalse();
        assertFound(report.problems(), Finding.Kind.CORRUPT, holeStart);
        assertThat(report.has(Finding.Kind.TORN_TAIL)).isFalse();
        assertThat(readProblems(crashed)).anySatisfy(p -> assertThat(p.failure()).isTrue());
    }

    @Test
    void aSegmentInsertedInBetweenCannotSpeakForTheOneTheWriterContinuedIn() throws Exception {
        Path crashed = dir.resolve("crashed");
        recordAndCrash(AuditFixture.config(dir.resolve("audit")).preallocateSegments(true).checkpointRecords(1000)
                .build(), crashed, 8);
        Path forged = dir.resolve("forged");
        Files.createDirectories(forged);
        Path open = ChainRecovery.segments(crashed).get(0);
        Files.copy(open, forged.resolve(open.getFileName()));
        // The real restart continued from the last record of the open segment...
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(crashed).build())) {
            AuditFixture.simpleSession(recorder, "after", "SELECT 'after'");
        }
        // ...and someone makes a hole in its records and adds a segment that continues from before the hole.
        List<Long> blocks = scan(open).blockStarts();
        long holeStart = blocks.get(blocks.size() - 4);
        lose(open, holeStart, blocks.get(blocks.size() - 3));
        Path copy = forged.resolve(open.getFileName());
        lose(copy, holeStart, blocks.get(blocks.size() - 3));
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(forged).build())) {
            assertThat(recorder).isNotNull();
        }
        Path inserted = ChainRecovery.segments(forged).get(1);
        Files.copy(inserted, crashed.resolve(inserted.getFileName()));
        assertThat(ChainRecovery.segments(crashed)).hasSize(3).element(1).isEqualTo(crashed.resolve(
                inserted.getFileName()));

        Report report = verify(crashed);
        assertThat(report.ok()).as(report.render()).isFalse();
        assertFound(report.problems(), Finding.Kind.CORRUPT, holeStart);
        assertThat(readProblems(crashed)).anySatisfy(p -> assertThat(p.failure()).isTrue());
    }

    @Test
    void everyCheckpointOpensABlockOfItsOwnAfterWhatItCoversWasForced() throws Exception {
        Path audit = dir.resolve("audit");
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(audit).maxSegmentBytes(16384).build())) {
            for (int i = 0; i < 30; i++) {
                AuditFixture.simpleSession(recorder, "user" + i, "SELECT " + i);
            }
        }
        int checkpoints = 0;
        for (Path segment : ChainRecovery.segments(audit)) {
            Scanned scanned = scan(segment);
            assertThat(scanned.damage()).isEmpty();
            for (int i = 1; i < scanned.records().size(); i++) {
                if (SegmentScanner.isCheckpoint(scanned.records().get(i))) {
                    checkpoints++;
                    assertThat(scanned.blockOffsets().get(i)).as("checkpoint %s in %s",
                            scanned.records().get(i).get("sequence"), segment.getFileName())
                            .isNotEqualTo(scanned.blockOffsets().get(i - 1));
                }
            }
        }
        assertThat(checkpoints).isGreaterThan(10);
    }
}
