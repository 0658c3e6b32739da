package io.hoopgw.audit.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Re-encodes records read generically and checks that one links to another. Within a segment every record links
 * to the one before it, so a broken link there is damage, even where Avro read the block without complaint: its
 * blocks carry no checksum, and a page a power loss lost in the middle of a block reads as zeros inside records.
 * Not thread-safe.
 */
public final class ChainLinks {
    private final MessageDigest digest = Hashes.sha256();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
    private BinaryEncoder encoder;

    /**
     * The bytes {@code record} was hashed over (plus its stored hash, last): its encoding with {@code schema}, the
     * schema its file was written with, so that the check does not depend on this build's schema version.
     */
    public byte[] encode(Schema schema, GenericRecord record) {
        buffer.reset();
        encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
        try {
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /**
     * Whether {@code record} is the record after {@code previous} in the chain.
     *
     * @param encoded what {@link #encode} made of {@code record}
     */
    public boolean follows(GenericRecord previous, GenericRecord record, byte[] encoded) {
        if ((Long) record.get("sequence") != (Long) previous.get("sequence") + 1) {
            return false;
        }
        byte[] linked = Hashes.link(digest, hashOf(previous), encoded, encoded.length - Hashes.LENGTH);
        return Arrays.equals(linked, hashOf(record));
    }

    /**
     * Whether {@code record} is a checkpoint that is whole: it covers the record before it, and its own hash links
     * from the hash it covers. A checkpoint a power loss cut in the middle of its block reads as a checkpoint but is
     * not whole; whether it is signed is verify's to say.
     *
     * @param encoded what {@link #encode} made of {@code record}
     */
    public boolean isWholeCheckpoint(GenericRecord record, byte[] encoded) {
        if (!SegmentScanner.isCheckpoint(record)) {
            return false;
        }
        GenericRecord checkpoint = (GenericRecord) record.get("payload");
        if ((Long) checkpoint.get("coveredSequence") != (Long) record.get("sequence") - 1) {
            return false;
        }
        byte[] covered = ((GenericFixed) checkpoint.get("coveredHash")).bytes();
        byte[] linked = Hashes.link(digest, covered, encoded, encoded.length - Hashes.LENGTH);
        return Arrays.equals(linked, hashOf(record));
    }

    private static byte[] hashOf(GenericRecord record) {
        return ((GenericFixed) record.get("hash")).bytes();
    }
}
