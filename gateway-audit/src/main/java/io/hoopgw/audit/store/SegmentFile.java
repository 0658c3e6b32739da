package io.hoopgw.audit.store;

import io.hoopgw.audit.schema.AuditRecord;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * One segment being written: an Avro object container file appended to and never rewritten. Records are
 * buffered by Avro into a block; {@link #sync} writes the block and forces it to disk, so every group commit is
 * one block. A crash tears at most the block being written; every earlier block stays readable.
 */
final class SegmentFile implements Closeable {
    private final Path path;
    private final FileChannel channel;
    private final DataFileWriter<AuditRecord> writer;
    private final long createdNanos;
    private long bytes;

    private SegmentFile(Path path, FileChannel channel, DataFileWriter<AuditRecord> writer, long bytes) {
        this.path = path;
        this.channel = channel;
        this.writer = writer;
        this.bytes = bytes;
        this.createdNanos = System.nanoTime();
    }

    /**
     * Creates segment {@code name} in {@code dir} holding {@code firstRecord}: written under a temporary name,
     * forced, then renamed, so a visible segment always holds at least its first record.
     */
    static SegmentFile create(Path dir, String name, Map<String, String> metadata, byte[] firstRecord)
            throws IOException {
        Path temporary = dir.resolve(name + SegmentNames.TEMPORARY_SUFFIX);
        Path target = dir.resolve(name);
        if (Files.exists(target)) {
            throw new IOException(target + " already exists");
        }
        FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        try {
            DataFileWriter<AuditRecord> writer = new DataFileWriter<>(new SpecificDatumWriter<>(AuditRecord.class));
            // Blocks end where group commits end; only an unusually large batch is split (Avro preallocates a
            // buffer of this size, so it cannot simply be huge).
            writer.setSyncInterval(1 << 20);
            metadata.forEach(writer::setMeta);
            writer.create(AuditRecord.getClassSchema(), Channels.newOutputStream(channel));
            writer.appendEncoded(ByteBuffer.wrap(firstRecord));
            writer.flush();
            channel.force(true);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(dir);
            return new SegmentFile(target, channel, writer, channel.size());
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** Makes a rename durable (Linux: fsync on the directory). */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /** Appends an encoded record to the current block (not yet written). */
    void append(byte[] encoded) throws IOException {
        writer.appendEncoded(ByteBuffer.wrap(encoded));
        bytes += encoded.length;
    }

    /** Writes the current block to the file, without forcing it to disk. */
    void flush() throws IOException {
        writeBlock();
    }

    /** Writes the current block and forces everything written to disk. */
    void sync() throws IOException {
        writeBlock();
        channel.force(false);
    }

    /** Ends the block and writes it; the file's size is where Avro's stream now stands (no fstat per commit). */
    private void writeBlock() throws IOException {
        bytes = writer.sync();
        writer.flush();
    }

    /** Approximate size: bytes on disk plus records buffered since the last sync. */
    long size() {
        return bytes;
    }

    /** Nanoseconds ({@link System#nanoTime}) since the segment was created. */
    long ageNanos() {
        return System.nanoTime() - createdNanos;
    }

    /** The file name. */
    String name() {
        return path.getFileName().toString();
    }

    /** Closes after a failure: buffered records are dropped, nothing more is written. */
    void abandon() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // The segment is being given up after a failure already reported.
        }
    }

    /** Closes a synced segment. */
    @Override
    public void close() throws IOException {
        try {
            writer.close();
        } finally {
            channel.close();
        }
    }
}
