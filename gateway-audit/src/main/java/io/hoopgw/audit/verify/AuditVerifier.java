package io.hoopgw.audit.verify;

import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.store.SegmentNames;
import io.hoopgw.audit.store.SegmentScanner;
import io.hoopgw.audit.store.TornTail;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Verifies an audit directory: every record's chain hash, sequence continuity within and across segments, every
 * checkpoint's signature and that it matches the chain, and that no segment is missing. Streams: memory stays
 * bounded however large the directory.
 *
 * <p>Records are re-encoded with the schema their file was written with, so verification does not depend on
 * this build's schema version.
 */
public final class AuditVerifier {
    private AuditVerifier() {
    }

    /** Verifies {@code dir} with the checkpoint {@code publicKey}. */
    public static Report verify(Path dir, JWK publicKey) throws IOException {
        return verify(dir, publicKey, n -> { });
    }

    /**
     * Verifies {@code dir}, calling {@code progress} with the number of records read so far every 10,000
     * records.
     *
     * @throws IOException when the directory cannot be listed
     */
    public static Report verify(Path dir, JWK publicKey, LongConsumer progress) throws IOException {
        return new Run(new CheckpointVerifier(publicKey), progress).run(dir);
    }

    private static final class Run {
        private final List<Finding> findings = new ArrayList<>();
        private final ChainCheck chain;
        private final LongConsumer progress;
        private final Set<String> reportedMissing = new HashSet<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
        private BinaryEncoder encoder;
        /** Per segment read so far: how many records had been read at its end, and its place in the reading. */
        private final Map<String, SegmentEnd> ends = new HashMap<>();
        private String previousSegment;
        private String promisedNext;
        private boolean lastWasClose;

        Run(CheckpointVerifier signatures, LongConsumer progress) {
            this.chain = new ChainCheck(signatures, findings);
            this.progress = progress;
        }

        Report run(Path dir) throws IOException {
            List<String> segments = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (SegmentNames.parse(name).isPresent() && Files.isRegularFile(entry)) {
                        segments.add(name);
                    } else if (Files.isRegularFile(entry)) {
                        findings.add(new Finding(Finding.Kind.FOREIGN_FILE, name, -1, -1,
                                name.endsWith(SegmentNames.TEMPORARY_SUFFIX)
                                        ? "a segment whose creation was interrupted; ignored"
                                        : "not a segment file; ignored"));
                    }
                }
            }
            segments.sort(SegmentNames.ORDER);
            Set<String> present = new HashSet<>(segments);
            List<Path> paths = segments.stream().map(dir::resolve).toList();
            for (int i = 0; i < paths.size(); i++) {
                segment(paths.get(i), paths.subList(i + 1, paths.size()), present);
            }
            chain.finish();
            long unsealed = chain.records() - chain.sealedRecords();
            if (promisedNext != null && !present.contains(promisedNext)) {
                missingSegment(promisedNext, previousSegment, "segment " + promisedNext + ", which "
                        + previousSegment + " was closed into, is missing");
            } else if (previousSegment != null && !lastWasClose) {
                findings.add(new Finding(Finding.Kind.UNSEALED, previousSegment, -1, chain.sealedThrough() + 1,
                        "the last segment has no closing checkpoint (still open, or the gateway stopped abruptly); "
                                + unsealed + " records after the last checkpoint are intact but not signed"));
            } else if (unsealed > 0) {
                findings.add(new Finding(Finding.Kind.UNSEALED, previousSegment, -1, chain.sealedThrough() + 1,
                        unsealed + " records after the last checkpoint are intact but not signed"));
            }
            return new Report(segments.size(), chain.records(), chain.sealedRecords(), unsealed, findings);
        }

        private void segment(Path file, List<Path> later, Set<String> present) throws IOException {
            String name = file.getFileName().toString();
            boolean[] first = {true};
            long[] tornAt = {-1};
            long[] beyondTear = {0};
            lastWasClose = false;
            SegmentScanner.scan(file, new GenericDatumReader<GenericRecord>(), new SegmentScanner.Visitor<>() {
                @Override
                public void record(Path f, long offset, Schema schema, GenericRecord record) {
                    if (tornAt[0] >= 0) {
                        beyondTear[0]++;
                        return;
                    }
                    GenericRecord payload = (GenericRecord) record.get("payload");
                    long sequence = (Long) record.get("sequence");
                    if (first[0]) {
                        first[0] = false;
                        boundary(name, offset, sequence, payload, present);
                    }
                    byte[] stored = ((GenericFixed) record.get("hash")).bytes();
                    chain.record(name, offset, sequence, stored, encode(schema, record), payload);
                    String kind = payload.getSchema().getName();
                    lastWasClose = "Checkpoint".equals(kind) && !"INTERVAL".equals(payload.get("reason").toString());
                    promisedNext = "Checkpoint".equals(kind) && payload.get("nextSegment") != null
                            ? payload.get("nextSegment").toString() : null;
                    if (chain.records() % 10_000 == 0) {
                        progress.accept(chain.records());
                    }
                }

                @Override
                public void problem(Path f, long offset, SegmentScanner.Damage damage, String message) {
                    if (tornAt[0] >= 0) {
                        return; // within the torn tail already reported
                    }
                    if (damage == SegmentScanner.Damage.DAMAGED_BLOCK
                            && neverAcknowledged(file, offset, later)) {
                        tornAt[0] = offset;
                        return;
                    }
                    Finding.Kind kind = damage == SegmentScanner.Damage.TORN_TAIL ? Finding.Kind.TORN_TAIL
                            : Finding.Kind.CORRUPT;
                    findings.add(new Finding(kind, name, offset, -1, message));
                }
            });
            if (tornAt[0] >= 0) {
                findings.add(new Finding(Finding.Kind.TORN_TAIL, name, tornAt[0], -1, "damaged from offset " + tornAt[0]
                        + ", after the segment's last checkpoint: the unforced end of a group commit that a crash or "
                        + "power loss cut short, never acknowledged; the chain continues from record "
                        + chain.lastSequence() + ", and " + beyondTear[0] + " records read beyond the damage are not "
                        + "part of it"));
            }
            previousSegment = name;
            ends.put(name, new SegmentEnd(chain.records(), ends.size()));
        }

        private boolean neverAcknowledged(Path file, long offset, List<Path> later) {
            try {
                return TornTail.neverAcknowledged(file, offset, chain.lastSequence(), later);
            } catch (IOException e) {
                return false; // the file vanished while being read: not known to be a torn tail
            }
        }

        private void boundary(String name, long offset, long sequence, GenericRecord payload, Set<String> present) {
            if (promisedNext != null && !promisedNext.equals(name) && !present.contains(promisedNext)) {
                missingSegment(promisedNext, previousSegment, "segment " + promisedNext + ", which "
                        + previousSegment + " was closed into, is missing");
            }
            promisedNext = null;
            if (!"SegmentStarted".equals(payload.getSchema().getName())) {
                chain.fail(Finding.Kind.REMOVED, name, offset, sequence,
                        "the segment does not begin with its segment-start record");
                return;
            }
            Object before = payload.get("previousSegment");
            long previousSequence = (Long) payload.get("previousSequence");
            byte[] previousHash = ((GenericFixed) payload.get("previousHash")).bytes();
            if (before == null) {
                if (previousSegment != null) {
                    chain.fail(Finding.Kind.INSERTED, name, offset, sequence,
                            "the segment claims to start a new chain after " + previousSegment);
                }
                return;
            }
            String beforeName = before.toString();
            if (!beforeName.equals(previousSegment)) {
                if (!present.contains(beforeName)) {
                    missingSegment(beforeName, name, "segment " + beforeName + " (records up to "
                            + previousSequence + ") is missing");
                } else {
                    notInTheChain(beforeName, name);
                }
                chain.resumeAfter(previousSequence, previousHash);
                return;
            }
            long last = chain.lastSequence();
            if (previousSequence > last) {
                chain.fail(Finding.Kind.TRUNCATED, beforeName, -1, last + 1, "records " + (last + 1) + ".."
                        + previousSequence + " were cut from the end of " + beforeName + " (" + name
                        + " says it ended at record " + previousSequence + ")");
                chain.resumeAfter(previousSequence, previousHash);
            } else if (previousSequence < last) {
                findings.add(new Finding(Finding.Kind.ABANDONED, beforeName, -1, previousSequence + 1, "records "
                        + (previousSequence + 1) + ".." + last + " were written but never acknowledged (a write "
                        + "failed or the gateway stopped before they were durable); the chain continues in " + name));
                byte[] known = chain.hashOf(previousSequence);
                chain.resumeAfter(previousSequence, known != null ? known : previousHash);
            }
        }

        /**
         * Segment {@code name} continues from {@code beforeName}, so the segments read between them are not part of
         * the chain. A writer leaves such a segment only when it made one it could not adopt (its creation failed
         * after the rename), holding nothing but its segment-start record; any other record in them was added.
         */
        private void notInTheChain(String beforeName, String name) {
            SegmentEnd end = ends.get(beforeName);
            if (end == null) {
                return;
            }
            long segmentsBetween = ends.size() - 1 - end.index();
            long added = chain.records() - end.records() - segmentsBetween;
            if (added > 0) {
                chain.fail(Finding.Kind.INSERTED, previousSegment, -1, -1, name + " continues the chain from "
                        + beforeName + ", so the " + added + " records after the segment-start records of the "
                        + segmentsBetween + " segments between them (up to " + previousSegment
                        + ") do not belong to it");
            }
        }

        private void missingSegment(String missingName, String near, String message) {
            if (reportedMissing.add(missingName)) {
                chain.fail(Finding.Kind.SEGMENT_REMOVED, missingName, -1, -1, message
                        + (near == null ? "" : " (noticed at " + near + ")"));
            }
        }

        private record SegmentEnd(long records, int index) {
        }

        private byte[] encode(Schema schema, GenericRecord record) {
            buffer.reset();
            encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
            try {
                new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return buffer.toByteArray();
        }
    }
}
