package io.hoopgw.audit.store;

import io.hoopgw.audit.schema.AuditRecord;
import io.hoopgw.audit.schema.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Instant;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Encodes records into their chained binary form. The hash is the schema's last field and a fixed(32), so a
 * record's encoding is exactly {@code body || hash}: anyone with an Avro library can recompute the chain.
 *
 * <p>Not thread-safe: the writer thread owns one.
 */
final class RecordEncoder {
    private final SpecificDatumWriter<AuditRecord> writer = new SpecificDatumWriter<>(AuditRecord.getClassSchema(),
            customCoding());
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    private final MessageDigest digest = Hashes.sha256();
    private final Sha256 placeholder = new Sha256(new byte[Hashes.LENGTH]);
    private BinaryEncoder encoder;

    /** An encoded record: its bytes (hash included) and its hash. */
    record Encoded(byte[] bytes, byte[] hash) {
    }

    /**
     * A data model that lets each payload record write itself with the encoder Avro generated for it, not through
     * the schema-walking generic writer: the same bytes at a fraction of the cost. A model of our own, so that the
     * setting reaches no other user of the generated classes.
     */
    private static SpecificData customCoding() {
        SpecificData data = new SpecificData();
        data.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        data.setCustomCoders(true);
        return data;
    }

    /** Encodes {@code payload} as record {@code sequence} after a record whose hash is {@code previousHash}. */
    Encoded encode(long sequence, Instant time, Object payload, byte[] previousHash) {
        out.reset();
        encoder = EncoderFactory.get().binaryEncoder(out, encoder);
        try {
            writer.write(new AuditRecord(sequence, time, payload, placeholder), encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding to memory failed", e);
        }
        byte[] bytes = out.toByteArray();
        int body = bytes.length - Hashes.LENGTH;
        byte[] hash = Hashes.link(digest, previousHash, bytes, body);
        System.arraycopy(hash, 0, bytes, body, Hashes.LENGTH);
        return new Encoded(bytes, hash);
    }
}
