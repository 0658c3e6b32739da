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
 *
 * <p>With a {@code preallocation} ({@code preallocateSegments}, the default) the file is kept zero-filled ahead of
 * its last block, written and forced a chunk at a time, so a block lands inside the file's length and forcing it
 * writes the data alone: no inode update, one device write fewer per group commit (fdatasync of an append took
 * 150 µs on the benchmark disk, of the same bytes over zeros 100 µs). Closing cuts the zeros off; after a crash they
 * remain, and {@link SegmentScanner} reads a tail of nothing but zeros as the end of the segment. Unlike an append,
 * whose new size a journaling file system makes durable only after its data, an overwrite has no order: a power
 * loss can keep a later unforced page and lose an earlier one. That reads as a damaged block followed by records,
 * which recovery and verify tell from tampering by the checkpoints (see {@link TornTail}).
 */
final class SegmentFile implements Closeable {
    /** Room left for a block's header and sync marker beyond its records when deciding to extend. */
    private static final int BLOCK_OVERHEAD = 64;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024);

    private final Path path;
    private final FileChannel channel;
    private final DataFileWriter<AuditRecord> writer;
    private final long createdNanos;
    private long preallocation;
    private long bytes;
    /** The file's length: zeros from the end of the last block up to here. */
    private long allocated;

    private SegmentFile(Path path, FileChannel channel, DataFileWriter<AuditRecord> writer, long bytes,
            long allocated, long preallocation) {
        this.path = path;
        this.channel = channel;
        this.writer = writer;
        this.bytes = bytes;
        this.allocated = allocated;
        this.preallocation = preallocation;
        this.createdNanos = System.nanoTime();
    }

    /**
     * Creates segment {@code name} in {@code dir} holding {@code firstRecord}: written under a temporary name,
     * forced, then renamed, so a visible segment always holds at least its first record.
     *
     * @param preallocation how far ahead of its data the file is kept zero-filled
     */
    static SegmentFile create(Path dir, String name, Map<String, String> metadata, byte[] firstRecord,
            long preallocation) throws IOException {
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
            long bytes = channel.position();
            long allocated = zeroFill(channel, bytes, bytes + preallocation);
            channel.force(true);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(dir);
            return new SegmentFile(target, channel, writer, bytes, allocated, allocated > bytes ? preallocation : 0);
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
        if (preallocation > 0 && bytes + BLOCK_OVERHEAD > allocated - preallocation / 2) {
            // Forced with this block: one inode update per half a preallocation, not one per group commit.
            long wanted = bytes + BLOCK_OVERHEAD + preallocation;
            // Never below the stream's position: Avro writes a block out in the middle of a batch once it holds
            // more than the sync interval, and that data may lie past what was zero-filled.
            allocated = zeroFill(channel, Math.max(allocated, channel.position()), wanted);
            if (allocated < wanted) {
                preallocation = 0; // the file cannot grow much more: append what fits, and let that fail
            }
        }
        bytes = writer.sync();
        writer.flush();
    }

    /**
     * Writes zeros from {@code from} up to {@code to}, positionally (the stream's position stays), and returns
     * how far it got. Best effort: where the file cannot grow (a full disk, a file size limit) records are
     * appended without zeros ahead, and their own write reports the failure; zeros written up to there are fine.
     */
    private static long zeroFill(FileChannel channel, long from, long to) {
        long at = from;
        try {
            while (at < to) {
                ByteBuffer zeros = ZEROS.duplicate();
                zeros.limit((int) Math.min(zeros.capacity(), to - at));
                at += channel.write(zeros, at);
            }
        } catch (IOException e) {
            try {
                return Math.max(from, channel.size());
            } catch (IOException unknown) {
                return from;
            }
        }
        return to;
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

    /** Closes a synced segment, cutting off the zeros written ahead of its data. */
    @Override
    public void close() throws IOException {
        try {
            writer.flush();
            if (channel.size() > channel.position()) {
                channel.truncate(channel.position());
                channel.force(true);
            }
            writer.close(); // closes the channel too
        } finally {
            channel.close();
        }
    }
}
