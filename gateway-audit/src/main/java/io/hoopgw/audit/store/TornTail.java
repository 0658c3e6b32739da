package io.hoopgw.audit.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Tells the end of a group commit that a crash or power loss cut short from damage to records that were durable.
 *
 * <p>A power loss keeps the unforced pages of the open segment in any order, so what it leaves can be a damaged
 * block with records after it, not only a segment cut inside a block. The writer forces every record before it
 * writes a checkpoint, and a new segment continues the chain from the last durable record. So damage with a
 * readable checkpoint after it, or with a later segment continuing the chain from a record past it, was done to
 * records someone was told were durable; damage with neither may be the unforced end of a group commit, which
 * nobody was, and nothing went upstream for it.
 */
public final class TornTail {
    private TornTail() {
    }

    /**
     * Whether the damage at {@code offset} in {@code segment} may be the unforced end of a group commit.
     *
     * @param lastSequenceBefore the sequence of the last record read before the damage
     * @param later              the segments after this one in the directory, in chain order. All of them are
     *                           asked, not just the next: a segment inserted in between must not speak for the one
     *                           the writer really continued in
     * @throws IOException only when {@code segment} cannot be opened at all
     */
    public static boolean neverAcknowledged(Path segment, long offset, long lastSequenceBefore, List<Path> later)
            throws IOException {
        if (checkpointAfter(segment, offset)) {
            return false;
        }
        String name = segment.getFileName().toString();
        for (Path next : later) {
            GenericRecord first = firstRecord(next);
            if (first == null || !(first.get("payload") instanceof GenericRecord started)
                    || !"SegmentStarted".equals(started.getSchema().getName())) {
                return false; // unreadable: it might have continued past the damage
            }
            Object before = started.get("previousSegment");
            if (before != null && before.toString().equals(name)
                    && (Long) started.get("previousSequence") > lastSequenceBefore) {
                return false;
            }
        }
        return true;
    }

    /** Whether a readable checkpoint record lies in a block after {@code offset}. */
    private static boolean checkpointAfter(Path file, long offset) throws IOException {
        boolean[] found = {false};
        SegmentScanner.scan(file, new GenericDatumReader<GenericRecord>(), new SegmentScanner.Visitor<>() {
            @Override
            public void record(Path f, long blockOffset, Schema schema, GenericRecord datum) {
                found[0] |= blockOffset > offset && SegmentScanner.isCheckpoint(datum);
            }

            @Override
            public void problem(Path f, long at, SegmentScanner.Damage kind, String message) {
                // The damage itself; only what lies beyond it matters here.
            }
        });
        return found[0];
    }

    private static GenericRecord firstRecord(Path file) {
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(),
                new GenericDatumReader<>())) {
            return reader.hasNext() ? reader.next() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
