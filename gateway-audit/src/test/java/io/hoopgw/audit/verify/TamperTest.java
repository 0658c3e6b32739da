package io.hoopgw.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.audit.AuditConfig;
import io.hoopgw.audit.AuditFixture;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.AuditRecorder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way of tampering with an audit directory, and the finding that names it. */
class TamperTest {
    @TempDir
    Path dir;
    private List<Path> segments;

    @BeforeEach
    void record() throws Exception {
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(dir).maxSegmentBytes(16384).build())) {
            for (int i = 0; i < 40; i++) {
                AuditFixture.simpleSession(recorder, "user" + i, "SELECT 'needle-" + (100 + i) + "'");
            }
        }
        segments = Segments.list(dir);
        assertThat(segments).hasSizeGreaterThanOrEqualTo(4);
    }

    private Report verify() throws IOException {
        return AuditVerifier.verify(dir, AuditFixture.KEY.toPublicJWK());
    }

    private static List<Finding.Kind> problemKinds(Report report) {
        return report.problems().stream().map(Finding::kind).distinct().toList();
    }

    /** Index of the first query record in {@code records}. */
    private static int firstQuery(List<GenericRecord> records) {
        for (int i = 0; i < records.size(); i++) {
            if (Segments.kind(records.get(i)).equals("QueryStatement")) {
                return i;
            }
        }
        throw new AssertionError("no query record");
    }

    @Test
    void anUntouchedDirectoryVerifies() throws Exception {
        Report report = verify();
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.findings()).isEmpty();
        assertThat(report.verified()).isEqualTo(report.records()).isPositive();
    }

    @Test
    void anEditedRecordIsNamedModified() throws Exception {
        Path segment = segments.get(1);
        List<GenericRecord> records = Segments.read(segment);
        int i = firstQuery(records);
        ((GenericRecord) records.get(i).get("payload")).put("text", "SELECT 'innocent'");
        Segments.write(segment, records);

        Report report = verify();
        assertThat(problemKinds(report)).as(report.render()).contains(Finding.Kind.MODIFIED);
        Finding modified = report.problems().get(0);
        assertThat(modified.kind()).isEqualTo(Finding.Kind.MODIFIED);
        assertThat(modified.sequence()).isEqualTo(Segments.sequence(records.get(i)));
        assertThat(modified.segment()).isEqualTo(segment.getFileName().toString());
    }

    @Test
    void aByteChangedInPlaceIsNamedModified() throws Exception {
        Path segment = segments.get(1);
        byte[] bytes = Files.readAllBytes(segment);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("needle-1");
        assertThat(at).isPositive();
        bytes[at] = 'N';
        Files.write(segment, bytes);

        Report report = verify();
        assertThat(problemKinds(report)).as(report.render()).containsExactly(Finding.Kind.MODIFIED);
    }

    @Test
    void aDeletedRecordIsNamedRemoved() throws Exception {
        Path segment = segments.get(1);
        List<GenericRecord> records = Segments.read(segment);
        int i = firstQuery(records);
        long sequence = Segments.sequence(records.remove(i));
        Segments.write(segment, records);

        Report report = verify();
        assertThat(problemKinds(report)).as(report.render()).containsExactly(Finding.Kind.REMOVED);
        assertThat(report.problems().get(0).sequence()).isEqualTo(sequence);
        assertThat(report.problems().get(0).message()).contains("record " + sequence + " is missing");
    }

    @Test
    void swappedRecordsAreNamedReordered() throws Exception {
        Path segment = segments.get(1);
        List<GenericRecord> records = Segments.read(segment);
        int i = firstQuery(records);
        GenericRecord a = records.get(i);
        records.set(i, records.get(i + 1));
        records.set(i + 1, a);
        Segments.write(segment, records);

        Report report = verify();
        assertThat(problemKinds(report)).as(report.render()).containsExactly(Finding.Kind.REORDERED);
        assertThat(report.problems().get(0).sequence()).isEqualTo(Segments.sequence(a));
    }

    @Test
    void aRepeatedRecordIsNamedDuplicated() throws Exception {
        Path segment = segments.get(1);
        List<GenericRecord> records = Segments.read(segment);
        int i = firstQuery(records);
        records.add(i + 1, records.get(i));
        Segments.write(segment, records);

        Report report = verify();
        assertThat(problemKinds(report)).as(report.render()).containsExactly(Finding.Kind.DUPLICATED);
    }

    @Test
    void aForgedRecordIsNamedInserted() throws Exception {
        Path segment = segments.get(1);
        List<GenericRecord> records = Segments.read(segment);
        int i = firstQuery(records);
        GenericRecord forged = GenericData.get().deepCopy(records.get(i).getSchema(), records.get(i));
        ((GenericRecord) forged.get("payload")).put("text", "SELECT 'never ran'");
        records.add(i, forged);
        Segments.write(segment, records);

        Report report = verify();
        assertThat(problemKinds(report)).as(report.render()).containsExactly(Finding.Kind.INSERTED);
    }

    @Test
    void aRechainedEditIsCaughtByTheNextCheckpoint() throws Exception {
        Path segment = segments.get(1);
        List<GenericRecord> records = Segments.read(segment);
        int i = firstQuery(records);
        ((GenericRecord) records.get(i).get("payload")).put("text", "SELECT 'innocent'");
        Segments.rehash(records, i, Segments.schema(segment));
        Segments.write(segment, records);

        Report report = verify();
        assertThat(problemKinds(report)).as(report.render()).contains(Finding.Kind.CHECKPOINT_MISMATCH);
    }

    @Test
    void recordsCutFromAMiddleSegmentAreNamedTruncated() throws Exception {
        Path segment = segments.get(1);
        List<GenericRecord> records = Segments.read(segment);
        Segments.write(segment, new ArrayList<>(records.subList(0, records.size() - 3)));

        Report report = verify();
        assertThat(problemKinds(report)).as(report.render()).containsExactly(Finding.Kind.TRUNCATED);
        assertThat(report.problems().get(0).segment()).isEqualTo(segment.getFileName().toString());
    }

    @Test
    void bytesCutFromAMiddleSegmentAreNamedTruncatedWithTheTornOffset() throws Exception {
        Path segment = segments.get(1);
        long size = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(size - 100);
        }
        Report report = verify();
        assertThat(problemKinds(report)).as(report.render()).containsExactly(Finding.Kind.TRUNCATED);
        assertThat(report.notes()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.TORN_TAIL);
            assertThat(f.segment()).isEqualTo(segment.getFileName().toString());
            assertThat(f.offset()).isPositive();
        });
    }

    @Test
    void aDeletedMiddleSegmentIsNamed() throws Exception {
        Path removed = segments.get(1);
        Files.delete(removed);
        Report report = verify();
        assertThat(problemKinds(report)).as(report.render()).containsExactly(Finding.Kind.SEGMENT_REMOVED);
        assertThat(report.problems().get(0).segment()).isEqualTo(removed.getFileName().toString());
    }

    @Test
    void aDeletedLastSegmentIsNamed() throws Exception {
        Path removed = segments.get(segments.size() - 1);
        Files.delete(removed);
        Report report = verify();
        assertThat(problemKinds(report)).as(report.render()).containsExactly(Finding.Kind.SEGMENT_REMOVED);
        assertThat(report.problems().get(0).segment()).isEqualTo(removed.getFileName().toString());
    }

    @Test
    void aSegmentForgedToContinueFromAnEarlierRecordIsNamedInserted() throws Exception {
        // A forger keeps a segment up to one of its records and lets a gateway of their own continue from there:
        // a well-formed segment that links to a real record and holds whatever the forger recorded. Without the
        // signing key it holds no checkpoint (its gateway "crashed"); the real checkpoints after it must not seal it.
        Path segment = segments.get(1);
        Path forge = Files.createDirectories(dir.resolve("forge"));
        Path copy = forge.resolve(segment.getFileName());
        Files.copy(segment, copy);
        List<GenericRecord> records = Segments.read(segment);
        Segments.write(copy, new ArrayList<>(records.subList(0, firstQuery(records) + 1)));
        Path forged;
        try (AuditRecorder recorder = AuditRecorder.open(AuditConfig.builder(forge, "gw-test",
                AuditKeys.generate(AuditKeys.Algorithm.ED25519)).checkpointRecords(1000).preallocateSegments(false)
                .build())) {
            AuditFixture.simpleSession(recorder, "mallory", "SELECT 'forged'");
            forged = Segments.list(forge).get(1);
            Files.copy(forged, dir.resolve(forged.getFileName()));
        }
        assertThat(Segments.read(dir.resolve(forged.getFileName()))).noneMatch(r -> Segments.kind(r)
                .equals("Checkpoint"));
        for (Path file : Segments.list(forge)) {
            Files.delete(file);
        }
        Files.delete(forge);
        assertThat(Segments.list(dir).indexOf(dir.resolve(forged.getFileName()))).isEqualTo(2);

        Report report = verify();
        assertThat(problemKinds(report)).as(report.render()).contains(Finding.Kind.INSERTED);
        assertThat(report.problems()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.INSERTED);
            assertThat(f.segment()).isEqualTo(forged.getFileName().toString());
        });
    }

    @Test
    void anotherKeyMakesEverySignatureInvalid() throws Exception {
        Report report = AuditVerifier.verify(dir, AuditKeys.generate(AuditKeys.Algorithm.ED25519).toPublicJWK());
        assertThat(problemKinds(report)).as(report.render()).containsExactly(Finding.Kind.INVALID_SIGNATURE);
        assertThat(report.verified()).isZero();
        assertThat(report.problems().get(0).message()).contains("does not verify");
    }

    @Test
    void aKeyOfAnotherAlgorithmIsNamed() throws Exception {
        Report report = AuditVerifier.verify(dir, AuditKeys.generate(AuditKeys.Algorithm.ES256).toPublicJWK());
        assertThat(problemKinds(report)).containsExactly(Finding.Kind.INVALID_SIGNATURE);
        assertThat(report.problems().get(0).message()).contains("EdDSA").contains("ES256");
    }

    @Test
    void aCutTailOfTheLastSegmentIsUnsealedNotFailed() throws Exception {
        Path last = segments.get(segments.size() - 1);
        List<GenericRecord> records = Segments.read(last);
        // The shutdown checkpoint, and the interval checkpoint and session end before it.
        Segments.write(last, new ArrayList<>(records.subList(0, records.size() - 3)));
        Report report = verify();
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.has(Finding.Kind.UNSEALED)).isTrue();
        assertThat(report.unsealed()).isPositive();
        assertThat(report.verified()).isEqualTo(report.records() - report.unsealed());
    }

    @Test
    void foreignAndCorruptFilesAreNamedAndTheRestIsVerified() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        Files.writeString(dir.resolve("seg-00000000000099999999.avro"), "garbage, not avro");
        Report report = verify();
        assertThat(report.notes()).anySatisfy(f -> assertThat(f.segment()).isEqualTo("notes.txt"));
        assertThat(report.problems()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.CORRUPT);
            assertThat(f.segment()).isEqualTo("seg-00000000000099999999.avro");
            assertThat(f.offset()).isZero();
        });
        assertThat(report.verified()).isPositive();
    }
}
