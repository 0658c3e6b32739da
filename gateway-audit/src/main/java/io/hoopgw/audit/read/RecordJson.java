package io.hoopgw.audit.read;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * Writes records as plain JSON objects: {@code sequence}, {@code time} (ISO-8601), {@code type} (the payload
 * type), {@code segment}, {@code hash} (hex), then the payload's fields. Times are ISO-8601, bytes and hashes
 * lower-case hex, enums their names; unions are unwrapped.
 */
final class RecordJson {
    private RecordJson() {
    }

    static void write(JsonGenerator g, AuditEntry entry) throws IOException {
        g.writeStartObject();
        g.writeNumberField("sequence", entry.record().getSequence());
        g.writeStringField("time", entry.record().getTime().toString());
        g.writeStringField("type", entry.kind());
        g.writeStringField("segment", entry.segment());
        g.writeStringField("hash", HexFormat.of().formatHex(entry.record().getHash().bytes()));
        GenericRecord payload = (GenericRecord) entry.record().getPayload();
        fields(g, payload);
        g.writeEndObject();
    }

    private static void fields(JsonGenerator g, GenericRecord record) throws IOException {
        for (Schema.Field field : record.getSchema().getFields()) {
            g.writeFieldName(field.name());
            value(g, record.get(field.pos()));
        }
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof GenericRecord r) {
            g.writeStartObject();
            fields(g, r);
            g.writeEndObject();
        } else if (v instanceof Collection<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                value(g, item);
            }
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(e.getKey().toString());
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof ByteBuffer b) {
            ByteBuffer d = b.duplicate();
            byte[] bytes = new byte[d.remaining()];
            d.get(bytes);
            g.writeString(HexFormat.of().formatHex(bytes));
        } else if (v instanceof GenericFixed f) {
            g.writeString(HexFormat.of().formatHex(f.bytes()));
        } else if (v instanceof Instant t) {
            g.writeString(t.toString());
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(v.toString());
        }
    }
}
