package io.hoopgw.audit.verify;

import io.hoopgw.audit.store.Hashes;
import io.hoopgw.audit.store.SegmentScanner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** What an attacker with an Avro library can do to a segment: read it, change records, write it back. */
final class Segments {
    private Segments() {
    }

    static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("seg-")).sorted().toList();
        }
    }

    static List<GenericRecord> read(Path segment) throws IOException {
        List<GenericRecord> records = new ArrayList<>();
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(segment.toFile(),
                new GenericDatumReader<>())) {
            reader.forEach(records::add);
        }
        return records;
    }

    static Schema schema(Path segment) throws IOException {
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(segment.toFile(),
                new GenericDatumReader<>())) {
            return reader.getSchema();
        }
    }

    /** Rewrites {@code segment} with {@code records}, keeping its schema and hoopgw metadata. */
    static void write(Path segment, List<GenericRecord> records) throws IOException {
        write(segment, records, schema(segment));
    }

    /** Rewrites {@code segment} with {@code records} under {@code schema} in its header (fields by position). */
    static void write(Path segment, List<GenericRecord> records, Schema schema) throws IOException {
        Path temporary = segment.resolveSibling("rewrite.tmp");
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
            writer.setMeta(SegmentScanner.SCHEMA_VERSION_KEY, "1");
            writer.create(schema, temporary.toFile());
            for (GenericRecord r : records) {
                writer.append(r);
            }
        }
        Files.move(temporary, segment, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static long sequence(GenericRecord r) {
        return (Long) r.get("sequence");
    }

    static String kind(GenericRecord r) {
        return ((GenericRecord) r.get("payload")).getSchema().getName();
    }

    /** Recomputes every hash from {@code from} on, as an attacker who knows the scheme (but not the key) would. */
    static void rehash(List<GenericRecord> records, int from, Schema schema) throws IOException {
        byte[] previous = ((GenericData.Fixed) records.get(from - 1).get("hash")).bytes();
        for (int i = from; i < records.size(); i++) {
            GenericRecord r = records.get(i);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema).write(r, encoder);
            encoder.flush();
            byte[] bytes = out.toByteArray();
            byte[] hash = Hashes.link(Hashes.sha256(), previous, bytes, bytes.length - Hashes.LENGTH);
            r.put("hash", new GenericData.Fixed(schema.getField("hash").schema(), hash));
            previous = hash;
        }
    }
}
