package io.hoopgw.server.config;

import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.AuditConfig;
import io.hoopgw.audit.schema.CaptureMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code audit} section: where and how the gateway records sessions. The defaults are those of the audit
 * library's {@link AuditConfig#builder}.
 *
 * @param directory          the segment directory of this gateway instance; created at startup when missing
 * @param instance           the gateway instance name, in session ids, segments and checkpoints
 * @param signingKey         the private checkpoint key (Ed25519 or P-256), as {@code hoopgw audit keygen} writes it
 * @param results            what is kept of each result: nothing, its digest, or its digest and first rows
 * @param sampleRows         first rows kept per result
 * @param sampleBytes        bytes of first rows kept per result
 * @param maxValueBytes      parameter values longer than this are kept truncated
 * @param maxSegmentBytes    a segment is closed and a new one started at this size
 * @param maxSegmentAge      ... or at this age
 * @param checkpointRecords  a signed checkpoint follows at most this many records
 * @param checkpointInterval ... and records are never left unsealed longer than this
 * @param commitBatch        at most this many records share one fsync (group commit)
 * @param preallocateSegments keep segments zero-filled ahead of their data (faster fsync; see AuditConfig)
 */
public record AuditSettings(
        Path directory,
        String instance,
        JWK signingKey,
        CaptureMode results,
        int sampleRows,
        int sampleBytes,
        int maxValueBytes,
        int maxSegmentBytes,
        Duration maxSegmentAge,
        int checkpointRecords,
        Duration checkpointInterval,
        int commitBatch,
        boolean preallocateSegments) {

    static final CaptureMode DEFAULT_RESULTS = CaptureMode.ROWS;
    static final int DEFAULT_SAMPLE_ROWS = 100;
    static final int DEFAULT_SAMPLE_BYTES = 256 * 1024;
    static final int DEFAULT_MAX_VALUE_BYTES = 64 * 1024;
    static final int DEFAULT_MAX_SEGMENT_BYTES = 64 * 1024 * 1024;
    static final Duration DEFAULT_MAX_SEGMENT_AGE = Duration.ofHours(1);
    static final int DEFAULT_CHECKPOINT_RECORDS = 10_000;
    static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    static final int DEFAULT_COMMIT_BATCH = 4096;

    public AuditSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(maxSegmentAge, "maxSegmentAge");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    }

    /** These settings as the audit library takes them. */
    public AuditConfig auditConfig() {
        return AuditConfig.builder(directory, instance, signingKey)
                .results(results)
                .sampleRows(sampleRows)
                .sampleBytes(sampleBytes)
                .maxValueBytes(maxValueBytes)
                .maxSegmentBytes(maxSegmentBytes)
                .maxSegmentAge(maxSegmentAge)
                .checkpointRecords(checkpointRecords)
                .checkpointInterval(checkpointInterval)
                .maxBatchRecords(commitBatch)
                .preallocateSegments(preallocateSegments)
                .build();
    }

    /** Names the signing key by its id only: a record's default {@code toString} would print the private key. */
    @Override
    public String toString() {
        return "AuditSettings[directory=" + directory + ", instance=" + instance + ", signingKey=kid "
                + signingKey.getKeyID() + ", results=" + results + ", sampleRows=" + sampleRows + ", sampleBytes="
                + sampleBytes + ", maxValueBytes=" + maxValueBytes + ", maxSegmentBytes=" + maxSegmentBytes
                + ", maxSegmentAge=" + maxSegmentAge + ", checkpointRecords=" + checkpointRecords
                + ", checkpointInterval=" + checkpointInterval + ", commitBatch=" + commitBatch
                + ", preallocateSegments=" + preallocateSegments + "]";
    }
}
