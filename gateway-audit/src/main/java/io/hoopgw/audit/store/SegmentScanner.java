package io.hoopgw.audit.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import io.hoopgw.audit.schema.AuditRecord;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableFileInput;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Reads one segment record by record in bounded memory, surviving damage: a file that is not an audit segment,
 * a damaged block in the middle (reading resumes at the next block), or a torn tail (the block a crash
 * interrupted). Every problem is reported with the file and byte offset; nothing is thrown for bad content.
 */
public final class SegmentScanner {
    /** File metadata key holding the schema version; its absence marks a foreign Avro file. */
    public static final String SCHEMA_VERSION_KEY = "hoopgw.audit.schemaVersion";
    /** File metadata key holding the gateway instance. */
    public static final String INSTANCE_KEY = "hoopgw.audit.instance";

    private SegmentScanner() {
    }

    /** Receives what a scan finds, in file order. */
    public interface Visitor<D> {
        /**
         * A record.
         *
         * @param blockOffset where the Avro block holding the record starts
         * @param schema      the schema the file was written with
         */
        void record(Path file, long blockOffset, Schema schema, D datum);

        /** A problem at {@code offset}; {@code kind} says whether reading resumed. */
        void problem(Path file, long offset, Damage kind, String message);
    }

    /**
     * A reader of generic records for {@link #scan}. Avro's fast reader caches, per schema object, state that the
     * shared data model never releases, and every segment header parses to a new schema object (about 110 KB kept
     * per segment read: thousands of segments exhaust the heap). Each reader gets a data model of its own without
     * it, so memory stays bounded however many segments are read.
     */
    public static DatumReader<GenericRecord> genericReader() {
        GenericData data = new GenericData();
        data.setFastReaderEnabled(false);
        return new GenericDatumReader<>(null, null, data);
    }

    /** A reader of {@link AuditRecord}s for {@link #scan}, for the same reason as {@link #genericReader}. */
    public static DatumReader<AuditRecord> specificReader() {
        SpecificData data = new SpecificData(AuditRecord.class.getClassLoader());
        data.setFastReaderEnabled(false);
        return new SpecificDatumReader<>(null, AuditRecord.getClassSchema(), data);
    }

    /** What kind of damage a scan met. */
    public enum Damage {
        /** The file is not an Avro object container file, or not an audit segment. */
        FOREIGN,
        /** A block in the middle could not be read; reading resumed at the next one. */
        DAMAGED_BLOCK,
        /** The file ends inside a block: the tail a crash (or a truncation) left. */
        TORN_TAIL
    }

    /**
     * Scans {@code file} with {@code datumReader}.
     *
     * @throws IOException only when the file cannot be opened at all (for example it vanished)
     */
    public static <D> void scan(Path file, DatumReader<D> datumReader, Visitor<D> visitor) throws IOException {
        SeekableFileInput input = new SeekableFileInput(file.toFile());
        DataFileReader<D> reader;
        try {
            reader = new DataFileReader<>(input, datumReader);
        } catch (IOException | RuntimeException e) {
            input.close();
            visitor.problem(file, 0, Damage.FOREIGN, "not an Avro object container file, or its header is torn ("
                    + describe(e) + ")");
            return;
        }
        try (reader) {
            if (reader.getMeta(SCHEMA_VERSION_KEY) == null) {
                visitor.problem(file, 0, Damage.FOREIGN, "an Avro file, but not a hoopgw audit segment (no "
                        + SCHEMA_VERSION_KEY + " in its header)");
                return;
            }
            if (!ReleasedSchemas.isReleased(reader.getSchema())) {
                visitor.problem(file, 0, Damage.FOREIGN, "its header declares a schema no hoopgw gateway wrote segments"
                        + " with, which would make its records' bytes read as something else; not read");
                return;
            }
            long length = file.toFile().length();
            while (true) {
                D datum;
                long blockStart;
                try {
                    if (!reader.hasNext()) {
                        // Avro reports a block cut short as the end of the file; the bytes left say otherwise.
                        long end = reader.previousSync();
                        if (end < length && !zerosFrom(file, end, length)) {
                            visitor.problem(file, end, Damage.TORN_TAIL, "unreadable from offset " + end
                                    + " to the end of the file (" + (length - end) + " bytes): an incomplete block");
                        }
                        return;
                    }
                    // Avro's previousSync() moves to the end of a block once its last record is read, so before
                    // a record is read it is the start of the block holding that record.
                    blockStart = reader.previousSync();
                    datum = reader.next();
                } catch (RuntimeException e) {
                    long at = reader.previousSync();
                    if (zerosFrom(file, at, length)) {
                        return; // the room a segment is kept zero-filled ahead of its data, never written
                    }
                    if (!resync(reader, at, length)) {
                        visitor.problem(file, at, Damage.TORN_TAIL, "unreadable from offset " + at
                                + " to the end of the file (" + (length - at) + " bytes): an incomplete block ("
                                + describe(e) + ")");
                        return;
                    }
                    visitor.problem(file, at, Damage.DAMAGED_BLOCK, "damaged block at offset " + at
                            + "; reading resumed at offset " + reader.previousSync() + " (" + describe(e) + ")");
                    continue;
                }
                // Outside the try: what the visitor throws is its own failure (a closed output, say), not damage.
                visitor.record(file, blockStart, reader.getSchema(), datum);
            }
        }
    }

    /** Whether {@code record} (an {@code AuditRecord} read generically) holds a checkpoint. */
    public static boolean isCheckpoint(GenericRecord record) {
        return record.get("payload") instanceof GenericRecord payload
                && "Checkpoint".equals(payload.getSchema().getName());
    }

    /**
     * Whether the file holds nothing but zeros from {@code offset} to {@code length}: the room its writer keeps
     * zero-filled ahead of the data ({@code preallocateSegments}, in a segment a crash left unclosed), not a torn
     * block. A process crash leaves a torn block with its header written; a power loss can lose any unforced page.
     */
    private static boolean zerosFrom(Path file, long offset, long length) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long at = offset;
            while (at < length) {
                buffer.clear();
                int read = channel.read(buffer, at);
                if (read < 0) {
                    return true;
                }
                for (int i = 0; i < read; i++) {
                    if (buffer.get(i) != 0) {
                        return false;
                    }
                }
                at += read;
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Moves to the block after the one at {@code at}; false when none follows. */
    private static boolean resync(DataFileReader<?> reader, long at, long length) {
        try {
            reader.sync(at + 1);
            return reader.previousSync() > at && reader.previousSync() < length && reader.hasNext();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
