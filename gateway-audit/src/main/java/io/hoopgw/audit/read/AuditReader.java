package io.hoopgw.audit.read;

import io.hoopgw.audit.schema.AuditRecord;
import io.hoopgw.audit.schema.Checkpoint;
import io.hoopgw.audit.schema.CheckpointReason;
import io.hoopgw.audit.store.SegmentNames;
import io.hoopgw.audit.store.SegmentScanner;
import io.hoopgw.audit.store.SegmentStart;
import io.hoopgw.audit.store.TornTail;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.Schema;

/**
 * Streams every record of an audit directory in chain order, one at a time (memory stays bounded). Files that
 * are not segments, unreadable segments and damaged blocks are reported to the problem consumer, naming the file
 * and offset, and reading continues with everything else. Damage that is the unforced end of a group commit a
 * crash or power loss cut short ({@link TornTail}) is reported as a torn tail, and the records after it in that
 * segment, never acknowledged, are skipped, as verify leaves them out of the chain. Reading does not verify: use
 * {@code AuditVerifier}.
 */
public final class AuditReader {
    private AuditReader() {
    }

    /**
     * Calls {@code records} for each record and {@code problems} for each problem.
     *
     * @throws IOException when the directory cannot be listed
     */
    public static void forEach(Path dir, Consumer<AuditEntry> records, Consumer<ReadProblem> problems)
            throws IOException {
        List<String> segments = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!Files.isRegularFile(entry)) {
                    continue;
                }
                if (SegmentNames.parse(name).isPresent()) {
                    segments.add(name);
                } else {
                    problems.accept(new ReadProblem(name, -1, "not an audit segment; skipped"));
                }
            }
        }
        segments.sort(SegmentNames.ORDER);
        List<Path> paths = segments.stream().map(dir::resolve).toList();
        // What the segments say they continue from: a later segment's word on where an earlier one ends.
        Map<String, SegmentStart> starts = new HashMap<>();
        Map<String, Long> continuedAfter = new HashMap<>();
        Map<SegmentStart, String> lastWithStart = new HashMap<>();
        for (Path file : paths) {
            SegmentStart start = SegmentStart.read(file);
            String name = file.getFileName().toString();
            if (start != null) {
                starts.put(name, start);
                lastWithStart.put(start, name);
                if (start.previousSegment() != null) {
                    continuedAfter.merge(start.previousSegment(), start.previousSequence(), Math::max);
                }
            }
        }
        for (int i = 0; i < paths.size(); i++) {
            Path file = paths.get(i);
            String name = file.getFileName().toString();
            SegmentStart start = starts.get(name);
            String supersededBy = start == null || name.equals(lastWithStart.get(start)) ? null
                    : lastWithStart.get(start);
            try {
                SegmentScanner.scan(file, SegmentScanner.specificReader(), new SegmentReader(name,
                        new TornTail(file, paths.subList(i + 1, paths.size())),
                        continuedAfter.getOrDefault(name, Long.MAX_VALUE), supersededBy, records, problems));
            } catch (IOException e) {
                problems.accept(new ReadProblem(name, -1, "cannot be opened: " + e.getMessage()));
            }
        }
    }

    /**
     * Passes one segment's records on, except those a torn tail holds (from the damage on), those after the record
     * a later segment continues from (never acknowledged), and records a gateway never writes: any after the
     * segment's closing checkpoint, or after the start of a segment a later one with the same start superseded
     * (its writer could not adopt it). Those are reported and left out.
     */
    private static final class SegmentReader implements SegmentScanner.Visitor<AuditRecord> {
        private final String name;
        private final TornTail tornTail;
        private final long continuedAfter;
        private final String supersededBy;
        private final Consumer<AuditEntry> records;
        private final Consumer<ReadProblem> problems;
        private long last = -1;
        private boolean torn;
        private boolean closed;
        private boolean abandoned;

        SegmentReader(String name, TornTail tornTail, long continuedAfter, String supersededBy,
                Consumer<AuditEntry> records, Consumer<ReadProblem> problems) {
            this.name = name;
            this.tornTail = tornTail;
            this.continuedAfter = continuedAfter;
            this.supersededBy = supersededBy;
            this.records = records;
            this.problems = problems;
        }

        @Override
        public void record(Path f, long offset, Schema schema, AuditRecord record) {
            if (abandoned) {
                return;
            }
            if (closed) {
                abandoned = true;
                problems.accept(new ReadProblem(name, offset, "record " + record.getSequence() + " follows the "
                        + "segment's closing checkpoint, where a gateway writes nothing; left out"));
                return;
            }
            if (record.getSequence() > continuedAfter) {
                abandoned = true;
                problems.accept(new ReadProblem(name, offset, "records from " + record.getSequence() + " on were "
                        + "never acknowledged: a later segment continues from record " + continuedAfter
                        + "; skipped", true));
                return;
            }
            if (supersededBy != null && last >= 0) {
                abandoned = true;
                problems.accept(new ReadProblem(name, offset, "record " + record.getSequence() + " follows the start"
                        + " of a segment its writer could not adopt (" + supersededBy + " starts from the same"
                        + " record), where a gateway writes nothing; left out"));
                return;
            }
            // Within a segment sequences go up by one: another is zeros or garbage in a block Avro read without
            // complaint (verify checks the hashes too), or, at a checkpoint, damage before it.
            if (torn || last >= 0 && record.getSequence() != last + 1
                    && !(record.getPayload() instanceof Checkpoint) && tornFrom(offset)) {
                return;
            }
            last = record.getSequence();
            closed = record.getPayload() instanceof Checkpoint checkpoint
                    && checkpoint.getReason() != CheckpointReason.INTERVAL;
            records.accept(new AuditEntry(name, offset, record));
        }

        @Override
        public void problem(Path f, long offset, SegmentScanner.Damage kind, String message) {
            if (torn || kind == SegmentScanner.Damage.DAMAGED_BLOCK && last >= 0 && tornFrom(offset)) {
                return;
            }
            // A segment's first block is forced before the segment is made visible: never torn by a crash.
            problems.accept(new ReadProblem(name, offset, message, kind == SegmentScanner.Damage.TORN_TAIL
                    && last >= 0));
        }

        private boolean tornFrom(long offset) {
            if (tornTail.neverAcknowledged(offset, last)) {
                torn = true;
                problems.accept(new ReadProblem(name, offset, "damaged from offset " + offset + ", after the "
                        + "segment's last checkpoint: the unforced end of a group commit that a crash or power loss "
                        + "cut short, never acknowledged; the records from there on in this segment are skipped",
                        true));
            }
            return torn;
        }
    }
}
