package io.hoopgw.audit.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * Finds where the chain ended when a writer starts: the last record of the last readable segment that was
 * acknowledged or may have been. A torn tail (the batch a crash or power loss interrupted) is skipped; those records
 * were never acknowledged.
 */
final class ChainRecovery {
    private ChainRecovery() {
    }

    /** The segment files in {@code dir}, in chain order. */
    static List<Path> segments(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (SegmentNames.isSegment(entry) && Files.isRegularFile(entry)) {
                    names.add(entry.getFileName().toString());
                }
            }
        }
        names.sort(SegmentNames.ORDER);
        List<Path> paths = new ArrayList<>(names.size());
        for (String name : names) {
            paths.add(dir.resolve(name));
        }
        return paths;
    }

    /** The head of the chain stored in {@code dir} (created when missing). */
    static ChainHead recover(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> segments = segments(dir);
        for (int i = segments.size() - 1; i >= 0; i--) {
            Path segment = segments.get(i);
            Head head = new Head();
            SegmentScanner.scan(segment, SegmentScanner.genericReader(), head);
            GenericRecord last = head.last();
            if (last != null) {
                return new ChainHead((Long) last.get("sequence"), ((GenericFixed) last.get("hash")).bytes(),
                        segment.getFileName().toString());
            }
        }
        return ChainHead.empty();
    }

    /**
     * The last record of one segment that the chain continues from: the last readable one, unless damage comes
     * after the segment's last whole checkpoint. That damage is the unforced end of the group commit a crash or
     * power loss cut (a power loss keeps unforced pages in any order, so records may follow a hole); nothing after
     * it was acknowledged, so the chain continues from the last record before it, and verify reports the rest as a
     * torn tail. Damage is a block Avro cannot read, or a record that does not link to the one before it (zeros in
     * a block Avro read without complaint). Damage a checkpoint follows was done to durable records: the chain
     * continues from the last readable record, and verify reports the damage as corruption.
     */
    private static final class Head implements SegmentScanner.Visitor<GenericRecord> {
        private final ChainLinks links = new ChainLinks();
        private GenericRecord lastRead;
        private GenericRecord beforeDamage;
        private boolean damaged;

        @Override
        public void record(Path file, long blockOffset, Schema schema, GenericRecord datum) {
            byte[] encoded = links.encode(schema, datum);
            if (links.isWholeCheckpoint(datum, encoded)) {
                damaged = false; // what came before it was durable, damaged or not
            } else if (lastRead != null && !links.follows(lastRead, datum, encoded)) {
                damaged = true;
            }
            lastRead = datum;
            if (!damaged) {
                beforeDamage = datum;
            }
        }

        @Override
        public void problem(Path file, long offset, SegmentScanner.Damage kind, String message) {
            damaged = true; // verify reports the damage itself
        }

        GenericRecord last() {
            return damaged ? beforeDamage : lastRead;
        }
    }
}
