package io.hoopgw.audit.verify;

import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.store.ChainLinks;
import io.hoopgw.audit.store.Hashes;
import io.hoopgw.audit.store.SegmentNames;
import io.hoopgw.audit.store.SegmentScanner;
import io.hoopgw.audit.store.TornTail;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

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
        private final ChainLinks links = new ChainLinks();
        /** What each segment read so far held, by name, and the names in reading order. */
        private final Map<String, SegmentEnd> ends = new HashMap<>();
        private final List<String> readOrder = new ArrayList<>();
        private String previousSegment;
        private Path dir;
        private String promisedNext;
        /** The sequence of the checkpoint that named {@link #promisedNext}. */
        private long promisedBy;
        private boolean lastWasClose;

        Run(CheckpointVerifier signatures, LongConsumer progress) {
            this.chain = new ChainCheck(signatures, findings);
            this.progress = progress;
        }

        Report run(Path dir) throws IOException {
            this.dir = dir;
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
            if (promisedNext != null && !present.contains(promisedNext)
                    && Files.isRegularFile(dir.resolve(promisedNext))) {
                findings.add(new Finding(Finding.Kind.UNSEALED, promisedNext, -1, -1, "made while verify ran (a "
                        + "gateway is writing here); it and what follows were not verified"));
            } else if (promisedNext != null && !present.contains(promisedNext)) {
                missingSegment(promisedNext, previousSegment, "segment " + promisedNext + ", which "
                        + previousSegment + " was closed into, is missing (or the gateway stopped, or its disk "
                        + "filled, before making it: it makes it when it writes again)");
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
            lastWasClose = false;
            SegmentRead read = new SegmentRead(file, later, present);
            SegmentScanner.scan(file, SegmentScanner.genericReader(), read);
            read.finish();
            previousSegment = read.name;
            ends.put(read.name, read.end(readOrder.size()));
            readOrder.add(read.name);
        }

        /** Gives one segment's records to the chain, up to a torn tail if it has one. */
        private final class SegmentRead implements SegmentScanner.Visitor<GenericRecord> {
            private final String name;
            private final Set<String> present;
            private final TornTail tornTail;
            /** The last record of this segment given to the chain. */
            private GenericRecord previous;
            private long tornAt = -1;
            private long beyondTear;
            private long records;
            private int problems;
            private GenericRecord started;
            private long maxCovered = -1;
            /** The sequence of the segment's closing (rotation or shutdown) checkpoint, -1 before one. */
            private long closedBy = -1;

            SegmentRead(Path file, List<Path> later, Set<String> present) {
                this.name = file.getFileName().toString();
                this.present = present;
                this.tornTail = new TornTail(file, later);
            }

            @Override
            public void record(Path f, long offset, Schema schema, GenericRecord record) {
                byte[] encoded = tornAt >= 0 ? null : links.encode(schema, record);
                // A whole checkpoint that does not link to the record before it says the damage lies before it.
                if (tornAt >= 0 || previous != null && !links.follows(previous, record, encoded)
                        && !links.isWholeCheckpoint(record, encoded) && tornFrom(offset)) {
                    beyondTear++;
                    return;
                }
                GenericRecord payload = (GenericRecord) record.get("payload");
                long sequence = (Long) record.get("sequence");
                if (previous == null) {
                    started = payload;
                    boundary(name, offset, sequence, payload, present);
                }
                if (closedBy >= 0) {
                    chain.fail(Finding.Kind.INSERTED, name, offset, sequence, "record " + sequence + " follows the "
                            + "segment's closing checkpoint (record " + closedBy + "); a gateway writes nothing into a "
                            + "segment after closing it");
                }
                previous = record;
                records++;
                byte[] stored = ((GenericFixed) record.get("hash")).bytes();
                chain.record(name, offset, sequence, stored, encoded, payload);
                String kind = payload.getSchema().getName();
                if ("Checkpoint".equals(kind)) {
                    maxCovered = Math.max(maxCovered, (Long) payload.get("coveredSequence"));
                }
                lastWasClose = "Checkpoint".equals(kind) && !"INTERVAL".equals(payload.get("reason").toString());
                if (lastWasClose && closedBy < 0) {
                    closedBy = sequence;
                }
                promisedNext = "Checkpoint".equals(kind) && payload.get("nextSegment") != null
                        ? payload.get("nextSegment").toString() : null;
                promisedBy = sequence;
                if (chain.records() % 10_000 == 0) {
                    progress.accept(chain.records());
                }
            }

            @Override
            public void problem(Path f, long offset, SegmentScanner.Damage damage, String message) {
                if (tornAt >= 0 || damage == SegmentScanner.Damage.DAMAGED_BLOCK && previous != null
                        && tornFrom(offset)) {
                    return; // within the torn tail
                }
                // A segment's first block is forced before the segment is made visible: never torn by a crash.
                Finding.Kind kind = damage == SegmentScanner.Damage.TORN_TAIL && previous != null
                        ? Finding.Kind.TORN_TAIL : Finding.Kind.CORRUPT;
                findings.add(new Finding(kind, name, offset, -1, message));
                problems++;
            }

            /**
             * Damage at {@code offset}: a block Avro could not read, or a record that does not link to the one
             * before it (zeros inside a block that Avro read without complaint, its blocks having no checksum).
             * True when it is a torn tail; then the records from there on are left out of the chain. Never for the
             * segment's first block, which is forced before the segment is made visible.
             */
            private boolean tornFrom(long offset) {
                if (tornTail.neverAcknowledged(offset, (Long) previous.get("sequence"))) {
                    tornAt = offset;
                }
                return tornAt >= 0;
            }

            SegmentEnd end(int index) {
                boolean start = started != null && "SegmentStarted".equals(started.getSchema().getName());
                Object from = start ? started.get("previousSegment") : null;
                return new SegmentEnd(index, previous == null ? -1 : (Long) previous.get("sequence"),
                        records + beyondTear + problems, from == null ? null : from.toString(),
                        start ? (Long) started.get("previousSequence") : -1, maxCovered);
            }

            void finish() {
                if (records == 0 && problems == 0) {
                    // A writer makes a segment visible only once it holds its first record.
                    findings.add(new Finding(Finding.Kind.CORRUPT, name, -1, -1, "the segment holds no records"));
                }
                if (tornAt >= 0) {
                    findings.add(new Finding(Finding.Kind.TORN_TAIL, name, tornAt, -1, "damaged from offset " + tornAt
                            + ", after the segment's last checkpoint: the unforced end of a group commit that a crash"
                            + " or power loss cut short, never acknowledged; the chain continues from record "
                            + previous.get("sequence") + ", and " + beyondTear + " records read from there on are not"
                            + " part of it"));
                }
            }
        }

        private void boundary(String name, long offset, long sequence, GenericRecord payload, Set<String> present) {
            // A checkpoint that the next segment does not continue past was never forced (the writer continues from
            // what is forced): the segment it named was abandoned with it.
            boolean promiseAbandoned = "SegmentStarted".equals(payload.getSchema().getName())
                    && (Long) payload.get("previousSequence") < promisedBy;
            if (promisedNext != null && !promiseAbandoned && !promisedNext.equals(name)
                    && !present.contains(promisedNext)) {
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
            if (!present.contains(beforeName)) {
                missingSegment(beforeName, name, "segment " + beforeName + " (records up to " + previousSequence
                        + ") is missing");
                chain.resumeAfter(previousSequence, previousHash);
                return;
            }
            SegmentEnd end = ends.get(beforeName);
            if (end == null) {
                chain.fail(Finding.Kind.INSERTED, name, offset, sequence, "the segment claims to continue from "
                        + beforeName + ", which comes after it");
                chain.resumeAfter(previousSequence, previousHash);
                return;
            }
            boolean next = beforeName.equals(previousSegment);
            if (!next) {
                onlyAbandonedStartsBetween(beforeName, end, name, previousSequence);
            }
            long last = end.lastSequence();
            if (previousSequence > last) {
                chain.fail(Finding.Kind.TRUNCATED, beforeName, -1, last + 1, "records " + (last + 1) + ".."
                        + previousSequence + " were cut from the end of " + beforeName + " (" + name
                        + " says it ended at record " + previousSequence + ")");
            } else if (end.maxCovered() > previousSequence) {
                // The writer forces what a checkpoint covers before writing it, and continues from what is forced.
                chain.fail(Finding.Kind.INSERTED, name, offset, sequence, "the segment claims the chain continued "
                        + "from record " + previousSequence + " of " + beforeName + ", but a checkpoint there sealed "
                        + "records up to " + end.maxCovered());
            } else if (previousSequence < last && next) {
                findings.add(new Finding(Finding.Kind.ABANDONED, beforeName, -1, previousSequence + 1, "records "
                        + (previousSequence + 1) + ".." + last + " were written but never acknowledged (a write "
                        + "failed or the gateway stopped before they were durable); the chain continues in " + name));
                chain.leaveOut(last - previousSequence);
            }
            if (next && previousSequence == chain.lastSequence()) {
                return;
            }
            byte[] known = previousSequence > last ? null : hashOfRecord(beforeName, previousSequence);
            if (previousSequence <= last && !Arrays.equals(known, previousHash)) {
                chain.fail(Finding.Kind.INSERTED, name, offset, sequence, "the segment claims to continue after record "
                        + previousSequence + " of " + beforeName + " with hash " + Hashes.hex(previousHash) + ", but "
                        + beforeName + (known == null ? " holds no such record" : " holds it with hash "
                        + Hashes.hex(known)));
            }
            chain.resumeAfter(previousSequence, known != null ? known : previousHash);
        }

        /**
         * The stored hash of record {@code sequence} as read from segment {@code segment}: from the chain's window,
         * or else read again from the file (rare: only a segment continuing from a record more than
         * {@value ChainCheck#WINDOW} records back). Never the hash a later segment claims, which is not proof.
         */
        private byte[] hashOfRecord(String segment, long sequence) {
            byte[] known = chain.hashOf(sequence);
            if (known != null) {
                return known;
            }
            byte[][] found = {null};
            try {
                SegmentScanner.scan(dir.resolve(segment), SegmentScanner.genericReader(),
                        new SegmentScanner.Visitor<>() {
                            @Override
                            public void record(Path f, long at, Schema schema, GenericRecord record) {
                                if ((Long) record.get("sequence") == sequence) {
                                    found[0] = ((GenericFixed) record.get("hash")).bytes();
                                }
                            }

                            @Override
                            public void problem(Path f, long at, SegmentScanner.Damage damage, String message) {
                                // Reported when the segment was read.
                            }
                        });
            } catch (IOException e) {
                return null;
            }
            return found[0];
        }

        /**
         * Segment {@code name} continues from {@code beforeName}, not from the segment read just before it. A writer
         * leaves segments between the two only when it made one it could not adopt (its creation failed after the
         * rename): holding nothing but the same segment-start record. Any other segment there was added.
         */
        private void onlyAbandonedStartsBetween(String beforeName, SegmentEnd end, String name,
                long previousSequence) {
            for (String between : readOrder.subList(end.index() + 1, readOrder.size())) {
                SegmentEnd e = ends.get(between);
                if (e.contents() != 1 || !beforeName.equals(e.startedFrom())
                        || e.startedAfter() != previousSequence) {
                    chain.fail(Finding.Kind.INSERTED, between, -1, -1, "the segment lies between " + beforeName
                            + " and " + name + ", which continues from record " + previousSequence + " of "
                            + beforeName + ", and does not belong to the chain");
                }
            }
        }

        private void missingSegment(String missingName, String near, String message) {
            if (reportedMissing.add(missingName)) {
                chain.fail(Finding.Kind.SEGMENT_REMOVED, missingName, -1, -1, message
                        + (near == null ? "" : " (noticed at " + near + ")"));
            }
        }

        /**
         * What one segment held.
         *
         * @param index        its place in the reading order
         * @param lastSequence its last record's sequence, -1 for none
         * @param contents     how many records it held, torn or not, plus how many damaged places
         * @param startedFrom  the segment its segment-start record continues from, or null
         * @param startedAfter the record it continues after, -1 for none
         * @param maxCovered   the last record a checkpoint in it covers, -1 for none
         */
        private record SegmentEnd(int index, long lastSequence, long contents, String startedFrom, long startedAfter,
                long maxCovered) {
        }
    }
}
