package io.hoopgw.audit.read;

import io.hoopgw.audit.schema.AuditRecord;
import io.hoopgw.audit.schema.Checkpoint;
import io.hoopgw.audit.schema.CheckpointReason;
import io.hoopgw.audit.store.SegmentNames;
import io.hoopgw.audit.store.SegmentScanner;
import io.hoopgw.audit.store.TornTail;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificDatumReader;

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
        for (int i = 0; i < paths.size(); i++) {
            Path file = paths.get(i);
            String name = file.getFileName().toString();
            try {
                SegmentScanner.scan(file, new SpecificDatumReader<>(AuditRecord.class), new SegmentReader(name,
                        new TornTail(file, paths.subList(i + 1, paths.size())), records, problems));
            } catch (IOException e) {
                problems.accept(new ReadProblem(name, -1, "cannot be opened: " + e.getMessage()));
            }
        }
    }

    /**
     * Passes one segment's records on, except those a torn tail holds (from the damage on) and any record after the
     * segment's closing checkpoint (a gateway writes none, so it was added: reported and left out).
     */
    private static final class SegmentReader implements SegmentScanner.Visitor<AuditRecord> {
        private final String name;
        private final TornTail tornTail;
        private final Consumer<AuditEntry> records;
        private final Consumer<ReadProblem> problems;
        private long last = -1;
        private boolean torn;
        private boolean closed;

        SegmentReader(String name, TornTail tornTail, Consumer<AuditEntry> records, Consumer<ReadProblem> problems) {
            this.name = name;
            this.tornTail = tornTail;
            this.records = records;
            this.problems = problems;
        }

        @Override
        public void record(Path f, long offset, Schema schema, AuditRecord record) {
            // Within a segment sequences go up by one: another is zeros or garbage in a block Avro read without
            // complaint (verify checks the hashes too), or, at a checkpoint, damage before it.
            if (torn || last >= 0 && record.getSequence() != last + 1
                    && !(record.getPayload() instanceof Checkpoint) && tornFrom(offset)) {
                return;
            }
            if (closed) {
                problems.accept(new ReadProblem(name, offset, "record " + record.getSequence() + " follows the "
                        + "segment's closing checkpoint, where a gateway writes nothing; left out"));
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
