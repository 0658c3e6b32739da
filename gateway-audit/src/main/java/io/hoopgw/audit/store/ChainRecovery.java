package io.hoopgw.audit.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * Finds where the chain ended when a writer starts: the last readable record of the last readable segment. A
 * torn tail (the batch a crash interrupted) is skipped; those records were never acknowledged.
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
            long[] sequence = {-1};
            byte[][] hash = {null};
            SegmentScanner.scan(segment, new GenericDatumReader<GenericRecord>(), new SegmentScanner.Visitor<>() {
                @Override
                public void record(Path file, long blockOffset, Schema schema, GenericRecord datum) {
                    sequence[0] = (Long) datum.get("sequence");
                    hash[0] = ((GenericFixed) datum.get("hash")).bytes();
                }

                @Override
                public void problem(Path file, long offset, SegmentScanner.Damage kind, String message) {
                    // Recovery continues from the last readable record; verify reports the damage.
                }
            });
            if (sequence[0] >= 0) {
                return new ChainHead(sequence[0], hash[0], segment.getFileName().toString());
            }
        }
        return ChainHead.empty();
    }
}
