package io.hoopgw.audit.store;

import io.hoopgw.audit.AuditUnavailableException;
import io.hoopgw.audit.schema.Checkpoint;
import io.hoopgw.audit.schema.CheckpointReason;
import io.hoopgw.audit.schema.SegmentStarted;
import io.hoopgw.audit.schema.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, hash-chained, group-committed audit store.
 *
 * <p>Any thread may {@link #append}; one writer thread takes everything queued (up to a batch limit), chains and
 * appends it to the current segment, forces the segment to disk once, and completes the whole batch: durability
 * costs one fsync per batch, not per record. Records nobody waits for ({@link #appendLazily}: a statement's
 * outcome, a result's summary) do not wake the writer: they are written with the next record someone waits for
 * (or within {@link #LAZY_WRITE} while records keep coming, at once when the writer was idle) and forced with it,
 * or within {@link #LAZY_SYNC}, so that a session's next statement neither queues behind an fsync of its last
 * outcome nor pays a wake-up and a write of its own for it. Checkpoints are added every N records, every T
 * seconds and when a segment closes, each once what it covers is forced. When a write fails, the batch's futures
 * fail with {@link AuditUnavailableException}, the segment is abandoned, {@link #healthy()} turns false, and the
 * next batch (or an idle retry every second) opens a fresh segment that continues the chain from the last durable
 * record.
 */
public final class AuditWriter implements AutoCloseable {
    /** The schema version this writer stamps into segments. */
    public static final int SCHEMA_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
    /** The longest a record appended {@linkplain #appendLazily lazily} stays written but not yet forced. */
    public static final Duration LAZY_SYNC = Duration.ofMillis(10);
    /**
     * While records keep coming, the longest a record appended {@linkplain #appendLazily lazily} stays queued in
     * memory before it is written (to the OS, not yet forced) when no record someone waits for takes it along.
     */
    public static final Duration LAZY_WRITE = Duration.ofMillis(1);

    /** How far ahead of its data a segment is kept zero-filled (see {@link SegmentFile}). */
    private static final long PREALLOCATION = 1 << 20;
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Pending STOP = new Pending(null, new CompletableFuture<>(), true);
    /** Per appending thread, see {@link #wakeAfterCurrentWork}. */
    private static final ThreadLocal<Deferral> DEFERRALS = new ThreadLocal<>();

    private final StoreSettings settings;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final RecordEncoder encoder = new RecordEncoder();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean healthy = true;
    private volatile Throwable lastFailure;
    /**
     * Set by the writer thread while it parks for longer than {@link #LAZY_WRITE}: then a record appended lazily
     * must wake it. While it is clear the writer looks at the queue at least every LAZY_WRITE by itself, and only
     * records someone waits for wake it (one wake-up per statement, not three: statement, outcome, summary).
     */
    private volatile boolean dormant;

    // Writer-thread state.
    private ChainHead durable;
    private long workingSequence;
    private byte[] workingHash;
    private SegmentFile segment;
    private String lastSegmentName;
    private int sinceCheckpoint;
    private long lastCheckpointNanos = System.nanoTime();
    private long lastOpenAttemptNanos = System.nanoTime();
    /** Futures of records in the segment that are not yet forced to disk, oldest first. */
    private final List<CompletableFuture<Void>> unsynced = new ArrayList<>();
    /** When the oldest of {@link #unsynced} must be forced at the latest ({@link System#nanoTime}). */
    private long syncDeadline;
    /** Counts for the shutdown log line: what a group commit gathers is what recording costs under load. */
    private long batches;
    private long batchRecords;
    private long forces;
    private long wakeups;

    private record Pending(Object payload, CompletableFuture<Void> future, boolean waitedFor) {
    }

    private AuditWriter(StoreSettings settings) {
        this.settings = settings;
        this.thread = new Thread(this::run, "hoopgw-audit-writer");
        this.thread.setDaemon(true);
    }

    /**
     * Starts a writer. Never fails for I/O: an unusable directory makes the writer {@linkplain #healthy()
     * unhealthy} and appends fail until it becomes usable.
     */
    public static AuditWriter start(StoreSettings settings) {
        AuditWriter writer = new AuditWriter(settings);
        writer.thread.start();
        return writer;
    }

    /**
     * Queues a record that someone waits for (a statement that may go upstream only once it is recorded): the
     * batch it is written in is forced to disk at once. The future completes once the record is on disk, or fails
     * with {@link AuditUnavailableException}.
     *
     * @param payload one of the payload types of {@code AuditRecord} (not a checkpoint or segment start)
     */
    public CompletableFuture<Void> append(SpecificRecord payload) {
        return enqueue(payload, true);
    }

    /**
     * Queues a record that nothing waits for: written in order with the others at once, but forced to disk only
     * with the next record someone {@linkplain #append waits for}, or {@link #LAZY_SYNC} after it was written,
     * whichever comes first. The chain order is the queue order either way. The future completes once the record
     * is on disk, or fails with {@link AuditUnavailableException}.
     *
     * @param payload one of the payload types of {@code AuditRecord} (not a checkpoint or segment start)
     */
    public CompletableFuture<Void> appendLazily(SpecificRecord payload) {
        return enqueue(payload, false);
    }

    /**
     * Forces everything queued so far to disk, at once, without adding a record: for a caller that appended
     * records {@linkplain #appendLazily lazily} and now waits for them. The future completes once the segment
     * was forced after them; it says nothing about whether they were written (wait for their own futures too).
     */
    public CompletableFuture<Void> force() {
        return enqueue(null, true);
    }

    private CompletableFuture<Void> enqueue(SpecificRecord payload, boolean waitedFor) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new AuditUnavailableException("the audit store is closed", null));
            return future;
        }
        queue.add(new Pending(payload, future, waitedFor));
        if (waitedFor) {
            Deferral deferral = DEFERRALS.get();
            if (deferral == null || !deferral.wakeLater(this)) {
                LockSupport.unpark(thread);
            }
        } else if (dormant) {
            // Dekker-style with the writer's park: it sets dormant, then looks at the queue again.
            LockSupport.unpark(thread);
        }
        return future;
    }

    /**
     * Lets the calling thread's appends share a group commit: from now on, a record someone waits for that this
     * thread appends wakes the writer only once {@code afterCurrentWork} runs a task, so that what the thread
     * appends while it works through one batch of events (an event loop's statements of several sessions read in
     * one poll) is written and forced together, not the first alone and the rest after its fsync.
     *
     * <p>Call it on the thread itself. {@code afterCurrentWork} must run its tasks on this same thread, after what
     * the thread is doing now (a Netty event loop's {@code execute} called from inside the loop does). When it
     * rejects a task the writer is woken at once.
     */
    public static void wakeAfterCurrentWork(Executor afterCurrentWork) {
        DEFERRALS.set(new Deferral(Objects.requireNonNull(afterCurrentWork, "afterCurrentWork")));
    }

    /** The writers one thread has appended to since its current work began, woken together when it ends. */
    private static final class Deferral implements Runnable {
        private final Executor executor;
        private final List<AuditWriter> toWake = new ArrayList<>(1);

        Deferral(Executor executor) {
            this.executor = executor;
        }

        /** False when the writer must be woken now. */
        boolean wakeLater(AuditWriter writer) {
            if (toWake.contains(writer)) {
                return true;
            }
            if (toWake.isEmpty()) {
                try {
                    executor.execute(this);
                } catch (RejectedExecutionException e) {
                    return false;
                }
            }
            toWake.add(writer);
            return true;
        }

        @Override
        public void run() {
            for (AuditWriter writer : toWake) {
                LockSupport.unpark(writer.thread);
            }
            toWake.clear();
        }
    }

    /** False after a write failed, until a write succeeds again. */
    public boolean healthy() {
        return healthy;
    }

    /** The failure that made the writer unhealthy, or null. */
    public Throwable lastFailure() {
        return healthy ? null : lastFailure;
    }

    /** The last record known to be on disk (null before the chain was recovered). For tests and diagnostics. */
    public ChainHead durableHead() {
        return durable;
    }

    /** Writes what is queued, seals the segment with a shutdown checkpoint and stops the writer thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(STOP);
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        tryOpen();
        List<Pending> batch = new ArrayList<>();
        boolean stopping = false;
        long lastBatchNanos = System.nanoTime() - LAZY_WRITE.toNanos();
        while (!stopping && !Thread.interrupted()) {
            drain(batch, settings.maxBatchRecords());
            if (!batch.isEmpty()) {
                stopping = batch.removeIf(p -> p == STOP);
                if (!batch.isEmpty()) {
                    batches++;
                    batchRecords += batch.size();
                    writeBatch(batch);
                }
                batch.clear();
                lastBatchNanos = System.nanoTime();
                continue;
            }
            idle();
            long wait = waitNanos();
            long busyLeft = LAZY_WRITE.toNanos() - (System.nanoTime() - lastBatchNanos);
            if (busyLeft > 0 && wait > busyLeft) {
                // Records came a moment ago: more will, and a statement will wake us and take the lazy ones
                // along; look again within LAZY_WRITE of the last batch in case none does.
                LockSupport.parkNanos(this, busyLeft);
                wakeups++;
            } else {
                dormant = true;
                if (queue.isEmpty()) {
                    LockSupport.parkNanos(this, wait);
                    wakeups++;
                }
                dormant = false;
            }
        }
        shutdown();
        LOG.info("audit store {}: {} records queued in {} batches, {} forced writes, {} wake-ups", settings.directory(),
                batchRecords, batches, forces, wakeups);
    }

    /** Moves up to {@code max} queued records into {@code batch}, oldest first. */
    private void drain(List<Pending> batch, int max) {
        Pending next;
        while (batch.size() < max && (next = queue.poll()) != null) {
            batch.add(next);
        }
    }

    private long waitNanos() {
        if (!healthy || segment == null) {
            return RETRY_NANOS;
        }
        long wait = settings.maxSegmentAge().toNanos() - segment.ageNanos();
        if (sinceCheckpoint > 0) {
            wait = Math.min(wait, settings.checkpointInterval().toNanos() - (System.nanoTime() - lastCheckpointNanos));
        }
        if (!unsynced.isEmpty()) {
            wait = Math.min(wait, syncDeadline - System.nanoTime());
        }
        return Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1));
    }

    /** Does what is due when nothing is queued: a retry, a rotation, a checkpoint, a forced lazy record. */
    private void idle() {
        if (segment == null) {
            if (System.nanoTime() - lastOpenAttemptNanos >= RETRY_NANOS) {
                tryOpen();
            }
            return;
        }
        try {
            if (segment.ageNanos() >= settings.maxSegmentAge().toNanos()) {
                rotate();
            } else if (checkpointDue()) {
                checkpoint(CheckpointReason.INTERVAL, null);
                sync();
            } else if (!unsynced.isEmpty() && System.nanoTime() - syncDeadline >= 0) {
                sync();
            }
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    private void tryOpen() {
        lastOpenAttemptNanos = System.nanoTime();
        try {
            ensureSegment();
            healthy = true;
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    private void writeBatch(List<Pending> batch) {
        int done = 0;
        boolean waitedFor = false;
        try {
            ensureSegment();
            if (segment.ageNanos() >= settings.maxSegmentAge().toNanos()) {
                rotate();
            }
            // One clock reading per group commit (its records are written and forced together), read again after
            // a rotation or checkpoint, which read it themselves: times never go back within a segment.
            Instant at = now();
            for (int i = 0; i < batch.size(); i++) {
                if (segment.size() >= settings.maxSegmentBytes()) {
                    rotate();
                    at = now();
                }
                Pending pending = batch.get(i);
                if (pending.payload() != null) {
                    appendRecord(pending.payload(), at);
                }
                waitForSync(pending.future());
                done = i + 1;
                waitedFor |= pending.waitedFor();
                if (sinceCheckpoint >= settings.checkpointRecords()) {
                    checkpoint(CheckpointReason.INTERVAL, null);
                    at = now();
                }
            }
            if (checkpointDue()) {
                checkpoint(CheckpointReason.INTERVAL, null);
            }
            if (waitedFor || System.nanoTime() - syncDeadline >= 0) {
                sync();
            } else {
                // Nobody waits for these: hand them to the OS now (a killed process loses nothing written),
                // force them with the next record someone waits for, or at the deadline.
                segment.flush();
            }
            healthy = true;
        } catch (IOException | RuntimeException e) {
            failed(e);
            AuditUnavailableException error = new AuditUnavailableException("audit store " + settings.directory()
                    + " cannot record: " + e.getMessage(), e);
            for (int i = done; i < batch.size(); i++) {
                batch.get(i).future().completeExceptionally(error);
            }
        }
    }

    /** Notes a future to complete when the segment is next forced. */
    private void waitForSync(CompletableFuture<Void> future) {
        if (unsynced.isEmpty()) {
            syncDeadline = System.nanoTime() + LAZY_SYNC.toNanos();
        }
        unsynced.add(future);
    }

    private boolean checkpointDue() {
        return sinceCheckpoint > 0
                && System.nanoTime() - lastCheckpointNanos >= settings.checkpointInterval().toNanos();
    }

    private void failed(Throwable e) {
        if (healthy) {
            LOG.error("audit store {} cannot write: {}", settings.directory(), e.toString());
        }
        healthy = false;
        lastFailure = e;
        if (!unsynced.isEmpty()) {
            // Written to a segment that is now abandoned, never forced: not recorded.
            AuditUnavailableException error = new AuditUnavailableException("audit store " + settings.directory()
                    + " cannot record: " + e.getMessage(), e);
            unsynced.forEach(f -> f.completeExceptionally(error));
            unsynced.clear();
        }
        if (segment != null) {
            segment.abandon();
            segment = null;
        }
        if (durable != null) {
            workingSequence = durable.sequence();
            workingHash = durable.hash();
        }
        sinceCheckpoint = 0;
    }

    private void ensureSegment() throws IOException {
        if (segment != null) {
            return;
        }
        if (durable == null) {
            durable = ChainRecovery.recover(settings.directory()); // creates the directory
            workingSequence = durable.sequence();
            workingHash = durable.hash();
            lastSegmentName = durable.segment();
        }
        openSegment();
    }

    private void openSegment() throws IOException {
        if (!Files.isDirectory(settings.directory())) {
            // Not made again: a directory made where a lost mount was would put the chain on another disk.
            throw new IOException("the audit directory " + settings.directory() + " is missing or not a directory;"
                    + " it is created only when the store starts, and recording resumes once it is back");
        }
        long sequence = workingSequence + 1;
        SegmentStarted started = new SegmentStarted(settings.instance(), SCHEMA_VERSION, lastSegmentName,
                workingSequence, new Sha256(workingHash));
        RecordEncoder.Encoded encoded = encoder.encode(sequence, now(), started, workingHash);
        Map<String, String> metadata = Map.of(SegmentScanner.SCHEMA_VERSION_KEY, Integer.toString(SCHEMA_VERSION),
                SegmentScanner.INSTANCE_KEY, settings.instance());
        IOException last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            String name = SegmentNames.name(sequence, attempt);
            if (Files.exists(settings.directory().resolve(name))) {
                continue;
            }
            try {
                segment = SegmentFile.create(settings.directory(), name, metadata, encoded.bytes(),
                        settings.preallocate() ? Math.min(PREALLOCATION, settings.maxSegmentBytes()) : 0);
            } catch (IOException e) {
                last = e;
                break;
            }
            workingSequence = sequence;
            workingHash = encoded.hash();
            lastSegmentName = name;
            durable = new ChainHead(workingSequence, workingHash, name);
            return;
        }
        throw last != null ? last : new IOException("no free segment name for sequence " + sequence);
    }

    private void appendRecord(Object payload, Instant at) throws IOException {
        long sequence = workingSequence + 1;
        RecordEncoder.Encoded encoded = encoder.encode(sequence, at, payload, workingHash);
        segment.append(encoded.bytes());
        workingSequence = sequence;
        workingHash = encoded.hash();
        sinceCheckpoint++;
    }

    private void checkpoint(CheckpointReason reason, String nextSegment) throws IOException {
        if (workingSequence != durable.sequence()) {
            // What a checkpoint covers is on disk before the checkpoint is written. A power loss keeps unforced
            // pages in any order, so without this a checkpoint could survive beside a lost record it follows; with
            // it, damage before a readable checkpoint is damage to durable data, and damage after the last one
            // may be the unforced end of a group commit (see TornTail).
            sync();
        }
        Instant at = now();
        String jws = settings.signer().sign(new CheckpointClaims(settings.instance(), workingSequence, workingHash,
                at.truncatedTo(ChronoUnit.SECONDS)));
        appendRecord(new Checkpoint(reason, workingSequence, new Sha256(workingHash), settings.signer().keyId(),
                jws, nextSegment), at);
        sinceCheckpoint = 0;
        lastCheckpointNanos = System.nanoTime();
    }

    /** Forces the segment to disk and completes every record written so far. */
    private void sync() throws IOException {
        segment.sync();
        forces++;
        durable = new ChainHead(workingSequence, workingHash, segment.name());
        unsynced.forEach(f -> f.complete(null));
        unsynced.clear();
    }

    /** Seals and closes the current segment, then opens the next (its name is promised by the checkpoint). */
    private void rotate() throws IOException {
        // The checkpoint takes sequence n+1, so the next segment starts at n+2.
        checkpoint(CheckpointReason.ROTATION, SegmentNames.name(workingSequence + 2, 0));
        sync();
        SegmentFile closing = segment;
        segment = null;
        closing.close();
        openSegment();
    }

    private void shutdown() {
        List<Pending> left = new ArrayList<>();
        drain(left, Integer.MAX_VALUE);
        left.removeIf(p -> p == STOP);
        if (!left.isEmpty()) {
            writeBatch(left);
        }
        if (segment != null) {
            try {
                checkpoint(CheckpointReason.SHUTDOWN, null);
                sync();
                segment.close();
            } catch (IOException | RuntimeException e) {
                failed(e);
            }
            segment = null;
        }
    }

    private Instant now() {
        return settings.clock().instant().truncatedTo(ChronoUnit.MICROS);
    }
}
