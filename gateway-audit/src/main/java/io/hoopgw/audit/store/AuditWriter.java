package io.hoopgw.audit.store;

import io.hoopgw.audit.AuditUnavailableException;
import io.hoopgw.audit.schema.Checkpoint;
import io.hoopgw.audit.schema.CheckpointReason;
import io.hoopgw.audit.schema.SegmentStarted;
import io.hoopgw.audit.schema.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only, hash-chained, group-committed audit store.
 *
 * <p>Any thread may {@link #append}; one writer thread takes everything queued (up to a batch limit), chains and
 * appends it to the current segment, forces the segment to disk once, and completes the whole batch: durability
 * costs one fsync per batch, not per record. Checkpoints are added every N records, every T seconds and when a
 * segment closes. When a write fails, the batch's futures fail with {@link AuditUnavailableException}, the
 * segment is abandoned, {@link #healthy()} turns false, and the next batch (or an idle retry every second) opens
 * a fresh segment that continues the chain from the last durable record.
 */
public final class AuditWriter implements AutoCloseable {
    /** The schema version this writer stamps into segments. */
    public static final int SCHEMA_VERSION = 1;

    private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Pending STOP = new Pending(null, null);

    private final StoreSettings settings;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final RecordEncoder encoder = new RecordEncoder();
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean healthy = true;
    private volatile Throwable lastFailure;

    // Writer-thread state.
    private ChainHead durable;
    private long workingSequence;
    private byte[] workingHash;
    private SegmentFile segment;
    private String lastSegmentName;
    private int sinceCheckpoint;
    private long lastCheckpointNanos = System.nanoTime();

    private record Pending(Object payload, CompletableFuture<Void> future) {
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
     * Queues a record. The future completes once the record is on disk, or fails with
     * {@link AuditUnavailableException}.
     *
     * @param payload one of the payload types of {@code AuditRecord} (not a checkpoint or segment start)
     */
    public CompletableFuture<Void> append(SpecificRecord payload) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new AuditUnavailableException("the audit store is closed", null));
            return future;
        }
        queue.add(new Pending(payload, future));
        return future;
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
        while (!stopping) {
            Pending first;
            try {
                first = queue.poll(waitNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first != null) {
                batch.add(first);
                queue.drainTo(batch, settings.maxBatchRecords() - 1);
                stopping = batch.remove(STOP);
                if (!batch.isEmpty()) {
                    writeBatch(batch);
                }
                batch.clear();
            } else {
                idle();
            }
        }
        shutdown();
    }

    private long waitNanos() {
        if (!healthy || segment == null) {
            return RETRY_NANOS;
        }
        long wait = settings.maxSegmentAge().toNanos() - segment.ageNanos();
        if (sinceCheckpoint > 0) {
            wait = Math.min(wait, settings.checkpointInterval().toNanos() - (System.nanoTime() - lastCheckpointNanos));
        }
        return Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1));
    }

    private void idle() {
        if (segment == null) {
            tryOpen();
            return;
        }
        try {
            if (segment.ageNanos() >= settings.maxSegmentAge().toNanos()) {
                rotate();
            } else if (checkpointDue()) {
                checkpoint(CheckpointReason.INTERVAL, null);
                sync();
            }
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    private void tryOpen() {
        try {
            ensureSegment();
            healthy = true;
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    private void writeBatch(List<Pending> batch) {
        int done = 0;
        try {
            ensureSegment();
            for (int i = 0; i < batch.size(); i++) {
                if (segment.size() >= settings.maxSegmentBytes()
                        || segment.ageNanos() >= settings.maxSegmentAge().toNanos()) {
                    rotate();
                    complete(batch, done, i);
                    done = i;
                }
                appendRecord(batch.get(i).payload());
                if (sinceCheckpoint >= settings.checkpointRecords()) {
                    checkpoint(CheckpointReason.INTERVAL, null);
                }
            }
            if (checkpointDue()) {
                checkpoint(CheckpointReason.INTERVAL, null);
            }
            sync();
            healthy = true;
            complete(batch, done, batch.size());
        } catch (IOException | RuntimeException e) {
            failed(e);
            AuditUnavailableException error = new AuditUnavailableException("audit store " + settings.directory()
                    + " cannot record: " + e.getMessage(), e);
            for (int i = done; i < batch.size(); i++) {
                batch.get(i).future().completeExceptionally(error);
            }
        }
    }

    private static void complete(List<Pending> batch, int from, int to) {
        for (int i = from; i < to; i++) {
            batch.get(i).future().complete(null);
        }
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
            durable = ChainRecovery.recover(settings.directory());
            workingSequence = durable.sequence();
            workingHash = durable.hash();
            lastSegmentName = durable.segment();
        }
        Files.createDirectories(settings.directory());
        openSegment();
    }

    private void openSegment() throws IOException {
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
                segment = SegmentFile.create(settings.directory(), name, metadata, encoded.bytes());
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

    private void appendRecord(Object payload) throws IOException {
        long sequence = workingSequence + 1;
        RecordEncoder.Encoded encoded = encoder.encode(sequence, now(), payload, workingHash);
        segment.append(encoded.bytes());
        workingSequence = sequence;
        workingHash = encoded.hash();
        sinceCheckpoint++;
    }

    private void checkpoint(CheckpointReason reason, String nextSegment) throws IOException {
        Instant at = now();
        String jws = settings.signer().sign(new CheckpointClaims(settings.instance(), workingSequence, workingHash,
                at.truncatedTo(ChronoUnit.SECONDS)));
        appendRecord(new Checkpoint(reason, workingSequence, new Sha256(workingHash), settings.signer().keyId(),
                jws, nextSegment));
        sinceCheckpoint = 0;
        lastCheckpointNanos = System.nanoTime();
    }

    private void sync() throws IOException {
        segment.sync();
        durable = new ChainHead(workingSequence, workingHash, segment.name());
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
        queue.drainTo(left);
        left.remove(STOP);
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
