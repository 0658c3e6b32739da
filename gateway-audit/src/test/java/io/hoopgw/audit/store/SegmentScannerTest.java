package io.hoopgw.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.audit.AuditFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The block offsets a scan reports are where each record's block starts, so findings point at the right bytes. */
class SegmentScannerTest {
    @TempDir
    Path dir;

    @Test
    void eachRecordIsReportedAtTheStartOfItsOwnBlock() throws Exception {
        Path audit = dir.resolve("audit");
        io.hoopgw.audit.AuditConfig config = AuditFixture.config(audit).checkpointRecords(1000).build();
        StoreSettings settings = new StoreSettings(audit, "gw-test", new CheckpointSigner(config.signingKey()),
                config.maxSegmentBytes(), config.maxSegmentAge(), config.checkpointRecords(),
                config.checkpointInterval(), config.maxBatchRecords(), false, config.clock());
        try (AuditWriter writer = AuditWriter.start(settings)) {
            for (int block = 0; block < 4; block++) {
                // Records nobody waits for, then one someone does: one write, one block of several records.
                List<CompletableFuture<Void>> written = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    written.add(writer.appendLazily(notice(block * 10 + i)));
                }
                written.add(writer.append(notice(block * 10 + 9)));
                CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            }
        }
        Path segment = ChainRecovery.segments(audit).get(0);
        Map<Long, List<Long>> sequencesByBlock = new LinkedHashMap<>();
        SegmentScanner.scan(segment, new GenericDatumReader<GenericRecord>(), new SegmentScanner.Visitor<>() {
            @Override
            public void record(Path file, long blockOffset, org.apache.avro.Schema schema, GenericRecord datum) {
                sequencesByBlock.computeIfAbsent(blockOffset, o -> new ArrayList<>()).add((Long) datum.get("sequence"));
            }

            @Override
            public void problem(Path file, long offset, SegmentScanner.Damage kind, String message) {
                throw new AssertionError(message);
            }
        });
        assertThat(sequencesByBlock.values()).as("blocks of several records").anyMatch(s -> s.size() > 1);
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(segment.toFile(),
                new GenericDatumReader<>())) {
            for (Map.Entry<Long, List<Long>> block : sequencesByBlock.entrySet()) {
                reader.seek(block.getKey());
                List<Long> read = new ArrayList<>();
                for (int i = 0; i < block.getValue().size(); i++) {
                    read.add((Long) reader.next().get("sequence"));
                }
                assertThat(read).as("the records of the block at offset %d", block.getKey())
                        .isEqualTo(block.getValue());
            }
        }
    }

    private static org.apache.avro.specific.SpecificRecord notice(int i) {
        return new io.hoopgw.audit.schema.Notice("session-" + i, "NOTICE", "00000", "notice " + i);
    }

    @Test
    void readersKeepNoPerSchemaStateBeyondTheirScan() {
        // Avro's fast reader caches state per schema object in the shared data model and never releases it; a
        // scan's reader has a data model of its own without it (every segment header is a new schema object).
        GenericDatumReader<?> generic = (GenericDatumReader<?>) SegmentScanner.genericReader();
        GenericDatumReader<?> specific = (GenericDatumReader<?>) SegmentScanner.specificReader();
        assertThat(generic.getData().isFastReaderEnabled()).isFalse();
        assertThat(specific.getData().isFastReaderEnabled()).isFalse();
        assertThat(generic.getData()).isNotSameAs(GenericData.get())
                .isNotSameAs(((GenericDatumReader<?>) SegmentScanner.genericReader()).getData());
    }
}
