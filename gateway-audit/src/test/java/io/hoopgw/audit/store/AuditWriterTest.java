package io.hoopgw.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.audit.AuditConfig;
import io.hoopgw.audit.AuditFixture;
import io.hoopgw.audit.AuditRecorder;
import io.hoopgw.audit.AuditUnavailableException;
import io.hoopgw.audit.RecordedStatement;
import io.hoopgw.audit.SessionAudit;
import io.hoopgw.audit.schema.AuditRecord;
import io.hoopgw.audit.schema.Checkpoint;
import io.hoopgw.audit.schema.CheckpointReason;
import io.hoopgw.audit.schema.SegmentStarted;
import io.hoopgw.audit.verify.AuditVerifier;
import io.hoopgw.audit.verify.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditWriterTest {
    @TempDir
    Path dir;

    @Test
    void manyThreadsShareFewFsyncsAndEveryRecordIsChained() throws Exception {
        Path audit = dir.resolve("audit");
        int threads = 16;
        int perThread = 200;
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(audit).checkpointRecords(1000).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<List<CompletableFuture<Void>>>> submitted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                submitted.add(pool.submit(() -> {
                    SessionAudit session = recorder.sessionStarted(AuditFixture.connection("load"),
                            AuditFixture.identity("user" + thread), "sales", "app_reader");
                    List<CompletableFuture<Void>> futures = new ArrayList<>();
                    futures.add(session.started());
                    for (int i = 0; i < perThread; i++) {
                        RecordedStatement st = session.query("SELECT " + i);
                        futures.add(st.durable());
                    }
                    return futures;
                }));
            }
            for (Future<List<CompletableFuture<Void>>> f : submitted) {
                for (CompletableFuture<Void> durable : f.get(30, TimeUnit.SECONDS)) {
                    durable.get(30, TimeUnit.SECONDS);
                }
            }
            pool.shutdown();
        }
        List<Path> segments = ChainRecovery.segments(audit);
        long[] blocks = {0};
        long[] records = {0};
        long[] lastBlock = {-1};
        for (Path segment : segments) {
            SegmentScanner.scan(segment, new GenericDatumReader<GenericRecord>(), new SegmentScanner.Visitor<>() {
                @Override
                public void record(Path file, long blockOffset, org.apache.avro.Schema schema, GenericRecord datum) {
                    records[0]++;
                    if (blockOffset != lastBlock[0]) {
                        blocks[0]++;
                        lastBlock[0] = blockOffset;
                    }
                }

                @Override
                public void problem(Path file, long offset, SegmentScanner.Damage kind, String message) {
                    throw new AssertionError(message);
                }
            });
        }
        // 16 sessions x (start + 200 statements) plus segment starts and checkpoints.
        assertThat(records[0]).isGreaterThanOrEqualTo(threads * (perThread + 1L));
        // Group commit: one block (one fsync) holds many records.
        assertThat(blocks[0]).isLessThan(records[0] / 4);
        Report report = AuditVerifier.verify(audit, AuditFixture.KEY.toPublicJWK());
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.unsealed()).isZero();
        assertThat(report.verified()).isEqualTo(report.records());
    }

    @Test
    void rotatesBySizeAndTheChainContinuesAcrossSegments() throws Exception {
        Path audit = dir.resolve("audit");
        // The container header (the writer's schema) is about 7 KB of each segment.
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(audit).maxSegmentBytes(16384).build())) {
            for (int i = 0; i < 30; i++) {
                AuditFixture.simpleSession(recorder, "user" + i, "SELECT '" + "x".repeat(100) + "'");
            }
        }
        List<Path> segments = ChainRecovery.segments(audit);
        assertThat(segments).hasSizeGreaterThan(3);
        for (Path segment : segments) {
            assertThat(Files.size(segment)).isLessThan(16384 + 2048);
        }
        Report report = AuditVerifier.verify(audit, AuditFixture.KEY.toPublicJWK());
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.segments()).isEqualTo(segments.size());
        assertThat(report.unsealed()).isZero();
    }

    @Test
    void groupCommitsLargerThanABlockReadBackWholeWhileOpenAndOnceClosed() throws Exception {
        Path audit = dir.resolve("audit");
        Path open = dir.resolve("open.avro");
        String large = "x".repeat(100_000);
        int statements = 0;
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(audit).checkpointRecords(100_000)
                .preallocateSegments(true).build())) {
            SessionAudit session = recorder.sessionStarted(AuditFixture.connection("bulk"),
                    AuditFixture.identity("loader"), "sales", "app_writer");
            // Each round queues ~3 MB before waiting: Avro writes blocks out in the middle of such a group commit,
            // past the zeros the segment was filled with ahead of its data.
            for (int round = 0; round < 4; round++) {
                List<CompletableFuture<Void>> durable = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    durable.add(session.query("SELECT '" + statements++ + large + "'").durable());
                }
                CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            }
            Files.copy(ChainRecovery.segments(audit).get(0), open);
        }
        // Segment start, session start, the statements.
        assertThat(recordsIn(open, false)).isEqualTo(2 + statements);
        assertThat(recordsInFiles(audit)).isEqualTo(2 + statements + 1); // and the shutdown checkpoint
        Report report = AuditVerifier.verify(audit, AuditFixture.KEY.toPublicJWK());
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.notes()).as(report.render()).isEmpty();
    }

    /** Records in one segment file; a torn tail fails unless {@code tornTailAllowed}, any other damage always. */
    private static long recordsIn(Path segment, boolean tornTailAllowed) throws Exception {
        long[] records = {0};
        SegmentScanner.scan(segment, new GenericDatumReader<GenericRecord>(), new SegmentScanner.Visitor<>() {
            @Override
            public void record(Path file, long blockOffset, org.apache.avro.Schema schema, GenericRecord datum) {
                records[0]++;
            }

            @Override
            public void problem(Path file, long offset, SegmentScanner.Damage kind, String message) {
                if (!tornTailAllowed || kind != SegmentScanner.Damage.TORN_TAIL) {
                    throw new AssertionError(message);
                }
            }
        });
        return records[0];
    }

    @Test
    void rotatesByAgeWhileIdle() throws Exception {
        Path audit = dir.resolve("audit");
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(audit)
                .maxSegmentAge(Duration.ofMillis(200)).build())) {
            AuditFixture.simpleSession(recorder, "alice", "SELECT 1");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ChainRecovery.segments(audit).size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(ChainRecovery.segments(audit)).hasSizeGreaterThanOrEqualTo(3);
        Report report = AuditVerifier.verify(audit, AuditFixture.KEY.toPublicJWK());
        assertThat(report.ok()).as(report.render()).isTrue();
    }

    @Test
    void aCheckpointSealsTheChainEveryNRecords() throws Exception {
        Path audit = dir.resolve("audit");
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(audit).checkpointRecords(5)
                .checkpointInterval(Duration.ofHours(1)).build())) {
            for (int i = 0; i < 6; i++) {
                AuditFixture.simpleSession(recorder, "user" + i, "SELECT " + i); // 4 records each
            }
        }
        List<AuditRecord> records = readAll(audit);
        int since = 0;
        int checkpoints = 0;
        for (AuditRecord record : records) {
            if (record.getPayload() instanceof Checkpoint checkpoint) {
                assertThat(checkpoint.getCoveredSequence()).isEqualTo(record.getSequence() - 1);
                if (checkpoint.getReason() == CheckpointReason.INTERVAL) {
                    assertThat(since).as("records sealed by checkpoint %d", record.getSequence()).isEqualTo(5);
                    checkpoints++;
                }
                since = 0;
            } else if (!(record.getPayload() instanceof SegmentStarted)) {
                since++;
                assertThat(since).as("records unsealed at %d", record.getSequence()).isLessThanOrEqualTo(5);
            }
        }
        // 24 session records (a segment's start is not counted): 4 checkpoints, the last 4 sealed at shutdown.
        assertThat(checkpoints).isEqualTo(4);
        assertThat(records.get(records.size() - 1).getPayload()).isInstanceOfSatisfying(Checkpoint.class,
                last -> assertThat(last.getReason()).isEqualTo(CheckpointReason.SHUTDOWN));
    }

    @Test
    void aCheckpointSealsRecordsAfterTheIntervalWithoutWaitingForMore() throws Exception {
        Path audit = dir.resolve("audit");
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(audit).checkpointRecords(1000)
                .checkpointInterval(Duration.ofMillis(200)).build())) {
            AuditFixture.simpleSession(recorder, "alice", "SELECT 1");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (checkpoints(audit, CheckpointReason.INTERVAL) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(checkpoints(audit, CheckpointReason.INTERVAL)).as("sealed while the recorder is open")
                    .isEqualTo(1);
            Report report = AuditVerifier.verify(audit, AuditFixture.KEY.toPublicJWK());
            assertThat(report.ok()).as(report.render()).isTrue();
            assertThat(report.unsealed()).as(report.render()).isZero();
            Thread.sleep(400);
            assertThat(checkpoints(audit, CheckpointReason.INTERVAL)).as("nothing new to seal").isEqualTo(1);
        }
    }

    @Test
    void everyClosedSegmentEndsWithACheckpointNamingTheNext() throws Exception {
        Path audit = dir.resolve("audit");
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(audit).maxSegmentBytes(16384)
                .checkpointRecords(1000).checkpointInterval(Duration.ofHours(1)).build())) {
            for (int i = 0; i < 30; i++) {
                AuditFixture.simpleSession(recorder, "user" + i, "SELECT '" + "x".repeat(100) + "'");
            }
        }
        List<Path> segments = ChainRecovery.segments(audit);
        assertThat(segments).hasSizeGreaterThan(2);
        for (int i = 0; i < segments.size(); i++) {
            List<AuditRecord> records = readAll(segments.get(i));
            assertThat(records.get(0).getPayload()).isInstanceOf(SegmentStarted.class);
            Object last = records.get(records.size() - 1).getPayload();
            assertThat(last).as(segments.get(i).toString()).isInstanceOf(Checkpoint.class);
            Checkpoint checkpoint = (Checkpoint) last;
            if (i < segments.size() - 1) {
                assertThat(checkpoint.getReason()).isEqualTo(CheckpointReason.ROTATION);
                assertThat(checkpoint.getNextSegment()).isEqualTo(segments.get(i + 1).getFileName().toString());
            } else {
                assertThat(checkpoint.getReason()).isEqualTo(CheckpointReason.SHUTDOWN);
                assertThat(checkpoint.getNextSegment()).isNull();
            }
        }
        Report report = AuditVerifier.verify(audit, AuditFixture.KEY.toPublicJWK());
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.unsealed()).isZero();
    }

    /** Every record of a directory or of one segment file, in order; fails on a read problem. */
    private static List<AuditRecord> readAll(Path path) throws Exception {
        return readAll(path, false);
    }

    /**
     * Every record of a directory or of one segment file, in order; fails on a read problem, except a torn tail
     * when {@code tornTailAllowed} (a segment read while its writer is writing a block).
     */
    private static List<AuditRecord> readAll(Path path, boolean tornTailAllowed) throws Exception {
        List<AuditRecord> records = new ArrayList<>();
        SpecificDatumReader<AuditRecord> reader = new SpecificDatumReader<>(AuditRecord.class);
        for (Path segment : Files.isDirectory(path) ? ChainRecovery.segments(path) : List.of(path)) {
            SegmentScanner.scan(segment, reader, new SegmentScanner.Visitor<>() {
                @Override
                public void record(Path file, long blockOffset, org.apache.avro.Schema schema, AuditRecord datum) {
                    records.add(datum);
                }

                @Override
                public void problem(Path file, long offset, SegmentScanner.Damage kind, String message) {
                    if (!tornTailAllowed || kind != SegmentScanner.Damage.TORN_TAIL) {
                        throw new AssertionError(message);
                    }
                }
            });
        }
        return records;
    }

    private static long checkpoints(Path audit, CheckpointReason reason) throws Exception {
        // Read while the writer runs: the block it is writing may be torn.
        return readAll(audit, true).stream()
                .filter(r -> r.getPayload() instanceof Checkpoint c && c.getReason() == reason)
                .count();
    }

    @Test
    void aRestartContinuesTheChainInANewSegment() throws Exception {
        Path audit = dir.resolve("audit");
        AuditConfig config = AuditFixture.config(audit).build();
        try (AuditRecorder recorder = AuditRecorder.open(config)) {
            AuditFixture.simpleSession(recorder, "alice", "SELECT 1");
        }
        try (AuditRecorder recorder = AuditRecorder.open(config)) {
            AuditFixture.simpleSession(recorder, "bob", "SELECT 2");
        }
        assertThat(ChainRecovery.segments(audit)).hasSize(2);
        Report report = AuditVerifier.verify(audit, AuditFixture.KEY.toPublicJWK());
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.unsealed()).isZero();
    }

    @Test
    void anUnwritableDirectoryFailsAppendsAndRecoversWhenWritable() throws Exception {
        // Tests run as root, so permissions do not stop writes: a regular file where the directory should be does.
        Path audit = dir.resolve("audit");
        Files.writeString(audit, "not a directory");
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(audit).build())) {
            SessionAudit session = recorder.sessionStarted(AuditFixture.connection("psql"),
                    AuditFixture.identity("alice"), "sales", "app_reader");
            assertThatThrownBy(() -> session.started().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(AuditUnavailableException.class)
                    .hasMessageContaining("cannot record");
            assertThat(recorder.healthy()).isFalse();
            assertThat(recorder.lastFailure()).isNotNull();

            Files.delete(audit);
            String id = AuditFixture.simpleSession(recorder, "alice", "SELECT 1");
            assertThat(id).isNotBlank();
            assertThat(recorder.healthy()).isTrue();
        }
        assertThat(AuditVerifier.verify(audit, AuditFixture.KEY.toPublicJWK()).ok()).isTrue();
    }

    @Test
    void aRotationIntoAnUnusableDirectoryFailsThenTheChainResumes() throws Exception {
        Path audit = dir.resolve("audit");
        Path aside = dir.resolve("aside");
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(audit).maxSegmentBytes(4096).build())) {
            AuditFixture.simpleSession(recorder, "alice", "SELECT 1");
            Files.move(audit, aside);
            Files.writeString(audit, "in the way");
            Throwable failure = recordUntilRefused(recorder);
            assertThat(failure).isInstanceOf(AuditUnavailableException.class);
            assertThat(recorder.healthy()).isFalse();
            Files.delete(audit);
            Files.move(aside, audit);
            awaitHealthy(recorder);
            AuditFixture.simpleSession(recorder, "carol", "SELECT 3");
        }
        assertVerifiesSealed(audit);
    }

    @Test
    void aDirectoryThatVanishesIsNotMadeAgainAndRecordingResumesOnceItIsBack() throws Exception {
        Path audit = dir.resolve("audit");
        Path aside = dir.resolve("aside");
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(audit).maxSegmentBytes(4096).build())) {
            AuditFixture.simpleSession(recorder, "alice", "SELECT 1");
            Files.move(audit, aside); // as a lost mount takes it away
            Throwable failure = recordUntilRefused(recorder);
            assertThat(failure).isInstanceOf(AuditUnavailableException.class).hasMessageContaining("is missing");
            Thread.sleep(1_500); // the writer retries every second while unhealthy
            assertThat(audit).doesNotExist();
            assertThat(recorder.healthy()).isFalse();

            Files.move(aside, audit);
            awaitHealthy(recorder);
            AuditFixture.simpleSession(recorder, "carol", "SELECT 3");
        }
        assertVerifiesSealed(audit);
    }

    /** Records sessions until one is refused (enough to need a new segment); returns the refusal. */
    private static Throwable recordUntilRefused(AuditRecorder recorder) throws Exception {
        for (int i = 0; i < 50; i++) {
            try {
                AuditFixture.simpleSession(recorder, "bob", "SELECT '" + "y".repeat(200) + "'");
            } catch (ExecutionException e) {
                return e.getCause();
            }
        }
        return null;
    }

    /** The chain in {@code audit} verifies without problems, every record sealed. */
    private static void assertVerifiesSealed(Path audit) throws Exception {
        Report report = AuditVerifier.verify(audit, AuditFixture.KEY.toPublicJWK());
        assertThat(report.problems()).as(report.render()).isEmpty();
        assertThat(report.unsealed()).isZero();
    }

    private static void awaitHealthy(AuditRecorder recorder) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!recorder.healthy() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(recorder.healthy()).isTrue();
    }

    @Test
    void appendsAfterCloseFail() {
        AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(dir.resolve("audit")).build());
        recorder.close();
        SessionAudit session = recorder.sessionStarted(AuditFixture.connection("psql"), AuditFixture.identity("a"),
                "sales", "r");
        assertThatThrownBy(() -> session.started().get(5, TimeUnit.SECONDS))
                .cause().isInstanceOf(AuditUnavailableException.class).hasMessageContaining("closed");
    }

    /**
     * Records in the segment file: what has been written to the OS, forced or not. A block the writer is still
     * writing reads as a torn tail and is not counted yet; any other damage fails.
     */
    private static long recordsInFiles(Path audit) throws Exception {
        long records = 0;
        for (Path segment : ChainRecovery.segments(audit)) {
            records += recordsIn(segment, true);
        }
        return records;
    }

    private static StoreSettings settings(Path audit) {
        AuditConfig config = AuditFixture.config(audit).checkpointRecords(1000).build();
        return new StoreSettings(audit, "gw-test", new CheckpointSigner(config.signingKey()), config.maxSegmentBytes(),
                config.maxSegmentAge(), config.checkpointRecords(), config.checkpointInterval(),
                config.maxBatchRecords(), false, config.clock());
    }

    private static org.apache.avro.specific.SpecificRecord notice(int i) {
        return new io.hoopgw.audit.schema.Notice("session-" + i, "NOTICE", "00000", "notice " + i);
    }

    @Test
    void aRecordNobodyWaitsForIsWrittenSoonAndForcedWithTheNextWaitedForRecord() throws Exception {
        Path audit = dir.resolve("audit");
        try (AuditWriter writer = AuditWriter.start(settings(audit))) {
            writer.append(notice(0)).get(10, TimeUnit.SECONDS);
            long before = recordsInFiles(audit);
            long durable = writer.durableHead().sequence();

            CompletableFuture<Void> lazy = writer.appendLazily(notice(1));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (recordsInFiles(audit) == before && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(recordsInFiles(audit)).as("written to the file within LAZY_WRITE, without another record").isEqualTo(before + 1);

            CompletableFuture<Void> waited = writer.append(notice(2));
            waited.get(10, TimeUnit.SECONDS);
            assertThat(lazy).as("forced by the fsync of the record written after it").isCompleted();
            assertThat(writer.durableHead().sequence()).isEqualTo(durable + 2);
        }
        Report report = AuditVerifier.verify(audit, AuditFixture.KEY.toPublicJWK());
        assertThat(report.ok()).as(report.render()).isTrue();
    }

    @Test
    void recordsOneThreadAppendsInOneTaskShareAGroupCommitWhenItDefersWakeUps() throws Exception {
        Path audit = dir.resolve("audit");
        ExecutorService loop = Executors.newSingleThreadExecutor();
        try (AuditWriter writer = AuditWriter.start(settings(audit))) {
            // From a thread that wakes the writer at once, records appended 20 ms apart are forced one by one.
            appendApart(writer, Executors.newSingleThreadExecutor(), 1);
            // From a thread that defers the wake-up to the end of its task, they are forced together.
            loop.submit(() -> AuditWriter.wakeAfterCurrentWork(loop)).get(10, TimeUnit.SECONDS);
            appendApart(writer, loop, 6);
        } finally {
            loop.shutdownNow();
        }
        assertThat(blocksHolding(audit, 1, 5)).as("without deferral").hasSize(5);
        assertThat(blocksHolding(audit, 6, 10)).as("deferred to the end of the task").hasSize(1);
        Report report = AuditVerifier.verify(audit, AuditFixture.KEY.toPublicJWK());
        assertThat(report.ok()).as(report.render()).isTrue();
    }

    /** In one task of {@code thread}, appends notices first..first+4, 20 ms apart, and waits until all are durable. */
    private static void appendApart(AuditWriter writer, ExecutorService thread, int first) throws Exception {
        // Let the writer go idle first, so that only a wake-up makes it write.
        Thread.sleep(AuditWriter.LAZY_WRITE.toMillis() * 20);
        List<CompletableFuture<Void>> futures = thread.submit(() -> {
            List<CompletableFuture<Void>> appended = new ArrayList<>();
            for (int i = first; i < first + 5; i++) {
                appended.add(writer.append(notice(i)));
                Thread.sleep(20);
            }
            return appended;
        }).get(10, TimeUnit.SECONDS);
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        thread.shutdown();
    }

    /** The Avro blocks (one per write) that hold notices {@code first} to {@code last}, as indexes in the file. */
    private static java.util.Set<Integer> blocksHolding(Path audit, int first, int last) throws Exception {
        java.util.Set<Integer> blocks = new java.util.TreeSet<>();
        SpecificDatumReader<AuditRecord> reader = new SpecificDatumReader<>(AuditRecord.class);
        for (Path segment : ChainRecovery.segments(audit)) {
            try (org.apache.avro.file.DataFileStream<AuditRecord> in = new org.apache.avro.file.DataFileStream<>(
                    Files.newInputStream(segment), reader)) {
                for (int index = 0; in.hasNext(); index++) {
                    long count = in.getBlockCount();
                    java.nio.ByteBuffer block = in.nextBlock();
                    org.apache.avro.io.BinaryDecoder decoder = org.apache.avro.io.DecoderFactory.get().binaryDecoder(
                            block.array(), block.arrayOffset() + block.position(), block.remaining(), null);
                    for (long i = 0; i < count; i++) {
                        if (reader.read(null, decoder).getPayload() instanceof io.hoopgw.audit.schema.Notice n) {
                            int number = Integer.parseInt(n.getMessage().substring("notice ".length()));
                            if (number >= first && number <= last) {
                                blocks.add(index);
                            }
                        }
                    }
                }
            }
        }
        return blocks;
    }

    @Test
    void aRecordNobodyWaitsForIsForcedSoonWithoutAnother() throws Exception {
        Path audit = dir.resolve("audit");
        try (AuditWriter writer = AuditWriter.start(settings(audit))) {
            writer.append(notice(0)).get(10, TimeUnit.SECONDS);
            long durable = writer.durableHead().sequence();
            long start = System.nanoTime();
            List<CompletableFuture<Void>> lazy = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                lazy.add(writer.appendLazily(notice(i)));
            }
            CompletableFuture.allOf(lazy.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            // Forced by the writer's own deadline (LAZY_SYNC, 10 ms); generous bound for a loaded machine.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(writer.durableHead().sequence()).isEqualTo(durable + 3);
        }
    }

    @Test
    void forcingWritesNoRecordAndMakesEveryEarlierRecordDurableAtOnce() throws Exception {
        Path audit = dir.resolve("audit");
        try (AuditWriter writer = AuditWriter.start(settings(audit))) {
            writer.append(notice(0)).get(10, TimeUnit.SECONDS);
            long durable = writer.durableHead().sequence();
            List<CompletableFuture<Void>> lazy = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                lazy.add(writer.appendLazily(notice(i)));
            }
            writer.force().get(10, TimeUnit.SECONDS);
            // Completed by the force's fsync, not by the writer's deadline: the futures are done when it returns.
            assertThat(lazy).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
            assertThat(writer.durableHead().sequence()).as("no record of its own").isEqualTo(durable + 3);
        }
        Report report = AuditVerifier.verify(audit, AuditFixture.KEY.toPublicJWK());
        assertThat(report.ok()).as(report.render()).isTrue();
    }
}
