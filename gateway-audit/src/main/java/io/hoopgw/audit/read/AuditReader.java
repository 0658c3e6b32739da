package io.hoopgw.audit.read;

import io.hoopgw.audit.schema.AuditRecord;
import io.hoopgw.audit.store.SegmentNames;
import io.hoopgw.audit.store.SegmentScanner;
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
 * and offset, and reading continues with everything else. Reading does not verify: use {@code AuditVerifier}.
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
        for (String name : segments) {
            Path file = dir.resolve(name);
            try {
                SegmentScanner.scan(file, new SpecificDatumReader<>(AuditRecord.class), new SegmentScanner.Visitor<>() {
                    @Override
                    public void record(Path f, long offset, Schema schema, AuditRecord record) {
                        records.accept(new AuditEntry(name, offset, record));
                    }

                    @Override
                    public void problem(Path f, long offset, SegmentScanner.Damage kind, String message) {
                        problems.accept(new ReadProblem(name, offset, message,
                                kind == SegmentScanner.Damage.TORN_TAIL));
                    }
                });
            } catch (IOException e) {
                problems.accept(new ReadProblem(name, -1, "cannot be opened: " + e.getMessage()));
            }
        }
    }
}
