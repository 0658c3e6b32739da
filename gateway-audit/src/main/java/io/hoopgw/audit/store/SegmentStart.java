package io.hoopgw.audit.store;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericRecord;

/**
 * What a segment's first record says it continues from.
 *
 * @param previousSegment  the segment the chain continues from, null for the first of a chain
 * @param previousSequence the record it continues after
 */
public record SegmentStart(String previousSegment, long previousSequence) {
    /**
     * Reads the start of {@code segment}: null when its first record cannot be read, its schema was never
     * released, or it is not a segment-start record.
     */
    public static SegmentStart read(Path segment) {
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(segment.toFile(),
                SegmentScanner.genericReader())) {
            if (!ReleasedSchemas.isReleased(reader.getSchema()) || !reader.hasNext()) {
                return null;
            }
            GenericRecord first = reader.next();
            if (!(first.get("payload") instanceof GenericRecord started)
                    || !"SegmentStarted".equals(started.getSchema().getName())) {
                return null;
            }
            Object before = started.get("previousSegment");
            return new SegmentStart(before == null ? null : before.toString(), (Long) started.get("previousSequence"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
