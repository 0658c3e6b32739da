package io.hoopgw.audit.store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link AuditWriter} stores records.
 *
 * @param directory           the segment directory (one per gateway instance); created when the writer starts
 * @param instance            the gateway instance name written into segments and checkpoints
 * @param signer              signs checkpoints
 * @param maxSegmentBytes     a segment is closed once it holds this many bytes
 * @param maxSegmentAge       ... or once it is this old
 * @param checkpointRecords   a checkpoint follows at most this many records
 * @param checkpointInterval  ... and records are never left unsealed longer than this
 * @param maxBatchRecords     at most this many records share one fsync
 * @param preallocate         keep segments zero-filled ahead of their data (see {@link SegmentFile})
 * @param clock               stamps record times
 */
public record StoreSettings(Path directory, String instance, CheckpointSigner signer, long maxSegmentBytes,
        Duration maxSegmentAge, int checkpointRecords, Duration checkpointInterval, int maxBatchRecords,
        boolean preallocate, Clock clock) {
    /** Checks every setting. */
    public StoreSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(instance, "instance");
        if (instance.isBlank()) {
            throw new IllegalArgumentException("the gateway instance name must not be blank");
        }
        Objects.requireNonNull(signer, "signer");
        if (maxSegmentBytes < 4096) {
            throw new IllegalArgumentException("maximum segment size must be at least 4096 bytes");
        }
        requirePositive(maxSegmentAge, "maximum segment age");
        if (checkpointRecords < 1) {
            throw new IllegalArgumentException("checkpoint record count must be positive");
        }
        requirePositive(checkpointInterval, "checkpoint interval");
        if (maxBatchRecords < 1) {
            throw new IllegalArgumentException("maximum batch size must be positive");
        }
        Objects.requireNonNull(clock, "clock");
    }

    private static void requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
