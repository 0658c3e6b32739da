package io.hoopgw.audit;

import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.schema.CaptureMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a gateway instance records sessions. Build with {@link #builder(Path, String, JWK)}.
 *
 * @param directory          the segment directory for this gateway instance
 * @param instance           the gateway instance name (in session ids, segments and checkpoints)
 * @param signingKey         the private checkpoint key (Ed25519 or P-256 JWK, see {@link AuditKeys})
 * @param maxSegmentBytes    rotate a segment at this size (default 64 MiB)
 * @param maxSegmentAge      ... or at this age (default 1 hour)
 * @param checkpointRecords  sign the chain head at least every this many records (default 10,000)
 * @param checkpointInterval ... and at least this often while records arrive (default 10 s)
 * @param maxBatchRecords    records per group commit at most (default 4,096)
 * @param results            what is kept of results: none, digest, or digest and first rows (default rows)
 * @param sampleRows         first rows kept per result (default 100)
 * @param sampleBytes        bytes of first rows kept per result (default 256 KiB)
 * @param maxValueBytes      parameter values longer than this are kept truncated (default 64 KiB)
 * @param preallocateSegments keep segments zero-filled a megabyte ahead of their data, so that a group commit's
 *                           fdatasync writes no inode (default true; false appends, one device write more per
 *                           group commit on ext4)
 * @param clock              stamps records
 */
public record AuditConfig(Path directory, String instance, JWK signingKey, long maxSegmentBytes,
        Duration maxSegmentAge, int checkpointRecords, Duration checkpointInterval, int maxBatchRecords,
        CaptureMode results, int sampleRows, int sampleBytes, int maxValueBytes, boolean preallocateSegments,
        Clock clock) {
    /** Checks the values that {@link io.hoopgw.audit.store.StoreSettings} does not. */
    public AuditConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(results, "results");
        if (sampleRows < 0) {
            throw new IllegalArgumentException("sample rows must not be negative");
        }
        if (sampleBytes < 0) {
            throw new IllegalArgumentException("sample bytes must not be negative");
        }
        if (maxValueBytes < 16) {
            throw new IllegalArgumentException("maximum value size must be at least 16 bytes");
        }
        Objects.requireNonNull(clock, "clock");
    }

    /** A builder with the defaults above. */
    public static Builder builder(Path directory, String instance, JWK signingKey) {
        return new Builder(directory, instance, signingKey);
    }

    /** Builds an {@link AuditConfig}. */
    public static final class Builder {
        private final Path directory;
        private final String instance;
        private final JWK signingKey;
        private long maxSegmentBytes = 64L << 20;
        private Duration maxSegmentAge = Duration.ofHours(1);
        private int checkpointRecords = 10_000;
        private Duration checkpointInterval = Duration.ofSeconds(10);
        private int maxBatchRecords = 4096;
        private boolean preallocateSegments = true;
        private CaptureMode results = CaptureMode.ROWS;
        private int sampleRows = 100;
        private int sampleBytes = 256 * 1024;
        private int maxValueBytes = 64 * 1024;
        private Clock clock = Clock.systemUTC();

        private Builder(Path directory, String instance, JWK signingKey) {
            this.directory = directory;
            this.instance = instance;
            this.signingKey = signingKey;
        }

        /** Rotation size in bytes. */
        public Builder maxSegmentBytes(long bytes) {
            this.maxSegmentBytes = bytes;
            return this;
        }

        /** Rotation age. */
        public Builder maxSegmentAge(Duration age) {
            this.maxSegmentAge = age;
            return this;
        }

        /** Checkpoint every this many records. */
        public Builder checkpointRecords(int records) {
            this.checkpointRecords = records;
            return this;
        }

        /** Checkpoint at least this often while records arrive. */
        public Builder checkpointInterval(Duration interval) {
            this.checkpointInterval = interval;
            return this;
        }

        /** Records per group commit at most. */
        public Builder maxBatchRecords(int records) {
            this.maxBatchRecords = records;
            return this;
        }

        /** What is kept of results. */
        public Builder results(CaptureMode mode) {
            this.results = mode;
            return this;
        }

        /** First rows kept per result. */
        public Builder sampleRows(int rows) {
            this.sampleRows = rows;
            return this;
        }

        /** Bytes of first rows kept per result. */
        public Builder sampleBytes(int bytes) {
            this.sampleBytes = bytes;
            return this;
        }

        /** Longer parameter values are kept truncated. */
        public Builder maxValueBytes(int bytes) {
            this.maxValueBytes = bytes;
            return this;
        }

        /** Whether segments are kept zero-filled ahead of their data. */
        public Builder preallocateSegments(boolean preallocate) {
            this.preallocateSegments = preallocate;
            return this;
        }

        /** The clock that stamps records. */
        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /** The configuration. */
        public AuditConfig build() {
            return new AuditConfig(directory, instance, signingKey, maxSegmentBytes, maxSegmentAge, checkpointRecords,
                    checkpointInterval, maxBatchRecords, results, sampleRows, sampleBytes, maxValueBytes,
                    preallocateSegments, clock);
        }
    }
}
