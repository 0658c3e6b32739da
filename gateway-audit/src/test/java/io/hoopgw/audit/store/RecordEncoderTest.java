package io.hoopgw.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.audit.schema.AuditRecord;
import io.hoopgw.audit.schema.Notice;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

/**
 * The encoder writes payloads with Avro's generated per-record coders, for speed. A record's bytes are what the
 * chain hashes and what every reader decodes, so they must be exactly the bytes the schema-driven writer produces:
 * checked here on random records of every payload type, with nulls, empty and non-empty arrays and unions.
 */
class RecordEncoderTest {
    private static final int RECORDS_PER_TYPE = 200;

    @Test
    void payloadsAreEncodedExactlyAsTheSchemaDrivenWriterEncodesThem() throws IOException {
        Schema envelope = AuditRecord.getClassSchema();
        Schema payloads = envelope.getField("payload").schema();
        RecordEncoder encoder = new RecordEncoder();
        Random random = new Random(20261124);
        byte[] previous = new byte[Hashes.LENGTH];
        for (Schema payload : payloads.getTypes()) {
            for (int n = 0; n < RECORDS_PER_TYPE; n++) {
                GenericData.Record generic = new GenericData.Record(envelope);
                generic.put("sequence", random.nextLong() & Long.MAX_VALUE);
                generic.put("time", randomMicros(random));
                generic.put("payload", new RandomRecords(random).value(payload));
                generic.put("hash", new GenericData.Fixed(envelope.getField("hash").schema(), new byte[32]));
                byte[] expected = genericBytes(envelope, generic);

                AuditRecord specific = decodeSpecific(expected);
                RecordEncoder.Encoded encoded = encoder.encode(specific.getSequence(), specific.getTime(),
                        specific.getPayload(), previous);

                int body = expected.length - Hashes.LENGTH;
                assertThat(Arrays.copyOf(encoded.bytes(), body)).as("%s #%d", payload.getName(), n)
                        .isEqualTo(Arrays.copyOf(expected, body));
                assertThat(encoded.hash()).isEqualTo(Hashes.link(Hashes.sha256(), previous, encoded.bytes(), body));
                previous = encoded.hash();
            }
        }
    }

    private static long randomMicros(Random random) {
        return random.nextLong() % 4_000_000_000_000_000L; // within about ±126,000 years of 1970
    }

    private static byte[] genericBytes(Schema schema, GenericData.Record record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericData.Record>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static AuditRecord decodeSpecific(byte[] bytes) throws IOException {
        return new SpecificDatumReader<>(AuditRecord.class).read(null,
                DecoderFactory.get().binaryDecoder(bytes, null));
    }

    /** Random generic values of a schema; long fields with a logical type stay in the range an Instant holds. */
    private record RandomRecords(Random random) {
        Object value(Schema schema) {
            return switch (schema.getType()) {
                case RECORD -> {
                    GenericData.Record record = new GenericData.Record(schema);
                    for (Schema.Field field : schema.getFields()) {
                        record.put(field.pos(), value(field.schema()));
                    }
                    yield record;
                }
                case UNION -> value(schema.getTypes().get(random.nextInt(schema.getTypes().size())));
                case ARRAY -> {
                    List<Object> items = new ArrayList<>();
                    for (int i = random.nextInt(4); i > 0; i--) {
                        items.add(value(schema.getElementType()));
                    }
                    yield new GenericData.Array<>(schema, items);
                }
                case MAP -> {
                    Map<String, Object> map = new HashMap<>();
                    for (int i = random.nextInt(3); i > 0; i--) {
                        map.put(text(), value(schema.getValueType()));
                    }
                    yield map;
                }
                case ENUM -> new GenericData.EnumSymbol(schema,
                        schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
                case FIXED -> {
                    byte[] bytes = new byte[schema.getFixedSize()];
                    random.nextBytes(bytes);
                    yield new GenericData.Fixed(schema, bytes);
                }
                case STRING -> text();
                case BYTES -> {
                    byte[] bytes = new byte[random.nextInt(40)];
                    random.nextBytes(bytes);
                    yield ByteBuffer.wrap(bytes);
                }
                case INT -> random.nextInt();
                case LONG -> schema.getLogicalType() != null ? randomMicros(random) : random.nextLong();
                case FLOAT -> random.nextFloat();
                case DOUBLE -> random.nextDouble();
                case BOOLEAN -> random.nextBoolean();
                case NULL -> null;
            };
        }

        private String text() {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(24); i > 0; i--) {
                text.appendCodePoint(random.nextInt(8) == 0 ? 0x4e00 + random.nextInt(500) : 'a' + random.nextInt(26));
            }
            return text.toString();
        }
    }

    @Test
    void theSameRecordEncodesToTheSameBytesEveryTime() {
        RecordEncoder encoder = new RecordEncoder();
        Instant at = Instant.parse("2026-11-24T12:00:00.123456Z");
        Notice notice = new Notice("s", "NOTICE", "00000", "hello");
        byte[] first = encoder.encode(7, at, notice, new byte[32]).bytes();
        byte[] second = encoder.encode(7, at, notice, new byte[32]).bytes();
        assertThat(second).isEqualTo(first);
    }
}
