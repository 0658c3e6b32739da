package io.hoopgw.audit.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Tells, for one segment, the end of a group commit that a crash or power loss cut short from damage to records
 * that were durable.
 *
 * <p>A power loss keeps the unforced pages of the open segment in any order, so what it leaves can be a damaged
 * block with records after it, or zeros inside a block Avro reads without complaint, not only a segment cut inside a
 * block. The writer forces every record before it writes a checkpoint, and a new segment continues the chain from
 * the last durable record. So damage with a whole checkpoint after it, or with a later segment continuing the
 * chain from a record past it, was done to records someone was told were durable; damage with neither may be the
 * unforced end of a group commit, which nobody was, and nothing went upstream for it.
 *
 * <p>What it reads (the segment once, the first record of every later segment) it reads once, when first asked.
 */
public final class TornTail {
    private static final long UNREAD = Long.MIN_VALUE;

    private final Path segment;
    private final List<Path> later;
    private long lastCheckpointBlock = UNREAD;
    private long continuedAfter = UNREAD;

    /**
     * @param segment the segment with the damage
     * @param later   the segments after it in the directory, in chain order. All of them are asked, not just the
     *                next: a segment inserted in between must not speak for the one the writer really continued in
     */
    public TornTail(Path segment, List<Path> later) {
        this.segment = segment;
        this.later = later;
    }

    /**
     * Whether the damage at {@code offset} may be the unforced end of a group commit.
     *
     * @param lastSequenceBefore the sequence of the last record read before the damage
     */
    public boolean neverAcknowledged(long offset, long lastSequenceBefore) {
        if (lastCheckpointBlock == UNREAD) {
            lastCheckpointBlock = lastCheckpointBlock(segment);
            continuedAfter = continuedAfter(segment.getFileName().toString(), later);
        }
        return lastCheckpointBlock <= offset && continuedAfter <= lastSequenceBefore;
    }

    /**
     * Where the block of the segment's last whole checkpoint starts ({@link ChainLinks#isWholeCheckpoint}); -1 for
     * none, MAX_VALUE when the segment cannot be read.
     */
    private static long lastCheckpointBlock(Path file) {
        long[] last = {-1};
        ChainLinks links = new ChainLinks();
        try {
            SegmentScanner.scan(file, SegmentScanner.genericReader(), new SegmentScanner.Visitor<>() {
                @Override
                public void record(Path f, long blockOffset, Schema schema, GenericRecord datum) {
                    if (SegmentScanner.isCheckpoint(datum) && links.isWholeCheckpoint(datum,
                            links.encode(schema, datum))) {
                        last[0] = blockOffset;
                    }
                }

                @Override
                public void problem(Path f, long at, SegmentScanner.Damage kind, String message) {
                    // The damage itself; only the checkpoints matter here.
                }
            });
        } catch (IOException e) {
            return Long.MAX_VALUE; // vanished while being read: nothing is known to be a torn tail
        }
        return last[0];
    }

    /**
     * The last record of segment {@code name} that a later segment says the chain continued from: -1 for none,
     * MAX_VALUE when a later segment cannot be read (it might have).
     */
    private static long continuedAfter(String name, List<Path> later) {
        long after = -1;
        for (Path next : later) {
            SegmentStart start = SegmentStart.read(next);
            if (start == null) {
                return Long.MAX_VALUE;
            }
            if (name.equals(start.previousSegment())) {
                after = Math.max(after, start.previousSequence());
            }
        }
        return after;
    }
}
