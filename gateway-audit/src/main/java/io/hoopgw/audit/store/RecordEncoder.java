package io.hoopgw.audit.store;

import io.hoopgw.audit.schema.AuditRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes records into their chained binary form. The hash is the schema's last field and a fixed(32), so a
 * record's encoding is exactly {@code body || hash}: anyone with an Avro library can recompute the chain.
 *
 * <p>The envelope's four fields (sequence, time, payload union, hash) are written in schema order here, and each
 * payload by a writer of its own record type that uses the coder Avro generated for it: the generic writer
 * walking the schema for every record was most of the audit writer's CPU. The bytes are the same (a test checks
 * them against the generic writer on random records of every payload type); the constructor refuses an
 * envelope whose fields are not these.
 *
 * <p>Not thread-safe: the writer thread owns one.
 */
final class RecordEncoder {
    private static final List<String> ENVELOPE = List.of("sequence", "time", "payload", "hash");
    private static final TimeConversions.TimestampMicrosConversion MICROS =
            new TimeConversions.TimestampMicrosConversion();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    private final MessageDigest digest = Hashes.sha256();
    private final byte[] placeholder = new byte[Hashes.LENGTH];
    private final Schema payloads;
    private final SpecificData data = customCoding();
    private final Map<Class<?>, Branch> branches = new HashMap<>();
    private BinaryEncoder encoder;

    /** An encoded record: its bytes (hash included) and its hash. */
    record Encoded(byte[] bytes, byte[] hash) {
    }

    /** A payload type's position in the union and the writer of its records. */
    private record Branch(int index, SpecificDatumWriter<Object> writer) {
    }

    RecordEncoder() {
        Schema envelope = AuditRecord.getClassSchema();
        List<String> fields = envelope.getFields().stream().map(Schema.Field::name).toList();
        if (!fields.equals(ENVELOPE)) {
            throw new IllegalStateException("the audit record's fields changed to " + fields + "; the encoder "
                    + "writes " + ENVELOPE);
        }
        payloads = envelope.getField("payload").schema();
    }

    /**
     * A data model that lets each record write itself with the encoder Avro generated for it. A model of our own,
     * so that the setting reaches no other user of the generated classes.
     */
    private static SpecificData customCoding() {
        SpecificData data = new SpecificData();
        data.addLogicalTypeConversion(MICROS);
        data.setCustomCoders(true);
        return data;
    }

    /** Encodes {@code payload} as record {@code sequence} after a record whose hash is {@code previousHash}. */
    Encoded encode(long sequence, Instant time, Object payload, byte[] previousHash) {
        Branch branch = branches.computeIfAbsent(payload.getClass(), this::branch);
        out.reset();
        encoder = EncoderFactory.get().binaryEncoder(out, encoder);
        try {
            encoder.writeLong(sequence);
            encoder.writeLong(MICROS.toLong(time, null, null));
            encoder.writeIndex(branch.index());
            branch.writer().write(payload, encoder);
            encoder.writeFixed(placeholder);
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

    private Branch branch(Class<?> type) {
        if (!SpecificRecord.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(type.getName() + " is not an audit record payload");
        }
        Schema schema = data.getSchema(type);
        Integer index = payloads.getIndexNamed(schema.getFullName());
        if (index == null) {
            throw new IllegalArgumentException(type.getName() + " is not an audit record payload");
        }
        return new Branch(index, new SpecificDatumWriter<>(payloads.getTypes().get(index), data));
    }
}
