package io.hoopgw.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.audit.AuditConfig;
import io.hoopgw.audit.AuditFixture;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.AuditRecorder;
import io.hoopgw.audit.read.AuditReader;
import io.hoopgw.audit.read.ReadProblem;
import io.hoopgw.audit.store.SegmentNames;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
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

    /**
     * What a forger without the key can add: keeping {@code segment} up to its first query, a gateway of their own
     * continues the chain from there in a well-formed segment holding whatever the forger records. It has no
     * checkpoint (the forger's gateway "crashed"); the real checkpoints after it must not seal it.
     */
    private Path forgeContinuation(Path segment) throws Exception {
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
        return dir.resolve(forged.getFileName());
    }

    @Test
    void aSegmentForgedToContinueFromAnEarlierRecordIsNamedInserted() throws Exception {
        Path forged = forgeContinuation(segments.get(1));
        assertThat(Segments.list(dir).indexOf(forged)).as("sorts between segments 1 and 2").isEqualTo(2);

        Report report = verify();
        assertThat(problemKinds(report)).as(report.render()).contains(Finding.Kind.INSERTED);
        assertThat(report.problems()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.INSERTED);
            assertThat(f.segment()).isEqualTo(forged.getFileName().toString());
        });
    }

    /**
     * Writes, as {@code name}, a segment holding nothing but a segment-start record that continues from record
     * {@code last} of segment {@code from}: what an attacker who knows the scheme (not the key) can make.
     */
    private Path bareStart(String name, String from, GenericRecord last) throws IOException {
        Path target = dir.resolve(name);
        Files.copy(segments.get(2), target);
        GenericRecord start = Segments.read(segments.get(2)).get(0);
        GenericRecord started = (GenericRecord) start.get("payload");
        started.put("previousSegment", from);
        started.put("previousSequence", Segments.sequence(last));
        started.put("previousHash", last.get("hash"));
        start.put("sequence", Segments.sequence(last) + 1);
        Segments.rehash(new ArrayList<>(List.of(last, start)), 1, Segments.schema(target));
        Segments.write(target, List.of(start));
        return target;
    }

    @Test
    void sealedRecordsCutFromAMiddleSegmentBehindABareStartAreNamedTruncated() throws Exception {
        Path segment = segments.get(1);
        String name = segment.getFileName().toString();
        List<GenericRecord> records = Segments.read(segment);
        Segments.write(segment, new ArrayList<>(records.subList(0, 3))); // every checkpoint cut
        GenericRecord last = records.get(2);
        bareStart(SegmentNames.name(Segments.sequence(last) + 1, 0), name, last);

        Report report = verify();
        assertThat(problemKinds(report)).as(report.render()).contains(Finding.Kind.TRUNCATED);
        assertThat(report.problems()).anySatisfy(f -> assertThat(f.segment()).isEqualTo(name));
    }

    @Test
    void aBareStartClaimingSealedRecordsWereAbandonedIsNamedInserted() throws Exception {
        Path segment = segments.get(1);
        List<GenericRecord> records = Segments.read(segment);
        GenericRecord last = records.get(firstQuery(records));
        Path forged = bareStart(SegmentNames.name(Segments.sequence(last) + 1, 0),
                segment.getFileName().toString(), last);

        Report report = verify();
        assertThat(report.ok()).as(report.render()).isFalse();
        assertThat(report.problems()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.INSERTED);
            assertThat(f.message()).contains("sealed");
        });
        assertThat(report.problems()).anySatisfy(f -> assertThat(f.segment()).isEqualTo(
                forged.getFileName().toString()));
    }

    @Test
    void emptySegmentsPaddingAForgedOneAreNamed() throws Exception {
        Path forged = forgeContinuation(segments.get(1));
        long first = SegmentNames.parse(forged.getFileName().toString()).orElseThrow().firstSequence();
        for (int attempt = 1; attempt < 5; attempt++) {
            Path pad = dir.resolve(SegmentNames.name(first, attempt));
            Files.copy(segments.get(0), pad);
            Segments.write(pad, List.of());
        }

        Report report = verify();
        assertThat(problemKinds(report)).as(report.render()).contains(Finding.Kind.INSERTED, Finding.Kind.CORRUPT);
        assertThat(report.problems()).filteredOn(f -> f.kind() == Finding.Kind.CORRUPT).hasSize(4)
                .allSatisfy(f -> assertThat(f.message()).contains("holds no records"));
    }

    @Test
    void aSegmentItsWriterCouldNotAdoptIsPartOfAnIntactDirectory() throws Exception {
        // The writer made seg-N, failed to make it durable, and made seg-N-1 with the same first record.
        Path last = segments.get(segments.size() - 1);
        Path adopted = dir.resolve(SegmentNames.name(
                SegmentNames.parse(last.getFileName().toString()).orElseThrow().firstSequence(), 1));
        Files.move(last, adopted);
        Files.copy(adopted, last);
        Segments.write(last, List.of(Segments.read(adopted).get(0)));

        Report report = verify();
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.findings()).isEmpty();
    }

    @Test
    void aRewriteHiddenBehindAWindowOfRecordsClaimedAbandonedIsNamed() throws Exception {
        // Edit a sealed statement of a middle segment, disguise the checkpoints after it as plain records, rehash,
        // and append more records than verify keeps hashes of, so that the real next segment, which continues from
        // the segment's real last record, seems to abandon them all.
        Path segment = segments.get(1);
        Schema schema = Segments.schema(segment);
        List<GenericRecord> records = Segments.read(segment);
        int i = firstQuery(records);
        GenericRecord query = records.get(i);
        ((GenericRecord) query.get("payload")).put("text", "SELECT 'innocent'");
        for (int j = i + 1; j < records.size(); j++) {
            if (Segments.kind(records.get(j)).equals("Checkpoint")) {
                GenericRecord disguised = GenericData.get().deepCopy(schema, query);
                disguised.put("sequence", Segments.sequence(records.get(j)));
                records.set(j, disguised);
            }
        }
        long last = Segments.sequence(records.get(records.size() - 1));
        for (int n = 1; n <= ChainCheck.WINDOW; n++) {
            GenericRecord filler = GenericData.get().deepCopy(schema, query);
            filler.put("sequence", last + n);
            records.add(filler);
        }
        Segments.rehash(records, i, schema);
        Segments.write(segment, records);

        Report report = verify();
        assertThat(report.ok()).as(report.render().lines().limit(8).toList().toString()).isFalse();
        assertThat(report.problems()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.INSERTED);
            assertThat(f.message()).contains("record " + last + " of " + segment.getFileName());
        });
    }

    @Test
    void aRotationCheckpointWhoseForceFailedPromisesNoSegment() throws Exception {
        // The writer wrote a rotation checkpoint naming the next segment, its fsync failed, and the writer went on
        // from the last forced record in a segment of another name: what that leaves verifies.
        int closed = segments.size() - 2;
        Path segment = segments.get(closed);
        List<GenericRecord> records = Segments.read(segment);
        assertThat(Segments.kind(records.get(records.size() - 1))).isEqualTo("Checkpoint");
        for (Path later : segments.subList(closed + 1, segments.size())) {
            Files.delete(later);
        }
        Path writer = Files.createDirectories(dir.resolve("writer"));
        Path copy = writer.resolve(segment.getFileName());
        Files.copy(segment, copy);
        Segments.write(copy, new ArrayList<>(records.subList(0, records.size() - 1)));
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(writer).preallocateSegments(false)
                .build())) {
            AuditFixture.simpleSession(recorder, "after", "SELECT 'after the failed fsync'");
        }
        Path next = Segments.list(writer).get(1);
        Files.move(next, dir.resolve(next.getFileName()));
        Files.delete(copy);
        Files.delete(writer);

        Report report = verify();
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.notes()).extracting(Finding::kind).containsExactly(Finding.Kind.ABANDONED);
        assertThat(report.verified()).isEqualTo(report.records());
    }

    @Test
    void aHeaderSchemaThatRenamesFieldsIsNamedAndItsSegmentNotRead() throws Exception {
        // The same bytes under a header that swaps the names of two string fields: every hash still matches, and
        // each statement's text would read as its session id.
        Path segment = segments.get(1);
        String json = Segments.schema(segment).toString();
        int from = json.indexOf("\"name\":\"QueryStatement\"");
        int to = json.indexOf("\"name\":\"ParseStatement\"", from);
        String swapped = json.substring(from, to).replace("\"name\":\"sessionId\"", "\"name\":\"@\"")
                .replace("\"name\":\"text\"", "\"name\":\"sessionId\"").replace("\"name\":\"@\"", "\"name\":\"text\"");
        assertThat(swapped).isNotEqualTo(json.substring(from, to));
        Segments.write(segment, Segments.read(segment),
                new Schema.Parser().parse(json.substring(0, from) + swapped + json.substring(to)));

        Report report = verify();
        assertThat(report.ok()).as(report.render()).isFalse();
        assertThat(report.problems()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.CORRUPT);
            assertThat(f.segment()).isEqualTo(segment.getFileName().toString());
            assertThat(f.message()).contains("schema");
        });
        List<ReadProblem> problems = new ArrayList<>();
        AuditReader.forEach(dir, entry -> { }, problems::add);
        assertThat(problems).anySatisfy(p -> assertThat(p.failure()).isTrue());
    }

    @Test
    void aRecordAfterARotationCheckpointIsNamedInserted() throws Exception {
        Path segment = segments.get(1);
        Schema schema = Segments.schema(segment);
        List<GenericRecord> records = Segments.read(segment);
        GenericRecord closing = records.get(records.size() - 1);
        assertThat(((GenericRecord) closing.get("payload")).get("reason").toString()).isEqualTo("ROTATION");
        GenericRecord added = GenericData.get().deepCopy(schema, records.get(firstQuery(records)));
        ((GenericRecord) added.get("payload")).put("text", "DROP TABLE payroll");
        added.put("sequence", Segments.sequence(closing) + 1);
        records.add(added);
        Segments.rehash(records, records.size() - 1, schema);
        Segments.write(segment, records);

        Report report = verify();
        assertThat(report.problems()).as(report.render()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.INSERTED);
            assertThat(f.sequence()).isEqualTo(Segments.sequence(added));
        });
        List<String> texts = new ArrayList<>();
        List<ReadProblem> problems = new ArrayList<>();
        AuditReader.forEach(dir, entry -> texts.add(String.valueOf(entry.record().getPayload())), problems::add);
        assertThat(texts).noneMatch(t -> t.contains("DROP TABLE payroll"));
        assertThat(problems).anySatisfy(p -> assertThat(p.failure()).isTrue());
    }

    @Test
    void aSegmentCutInsideItsFirstBlockIsCorruptNotTorn() throws Exception {
        // What a crash cannot leave: the segment-start block is forced before the segment gets its name.
        Path segment = segments.get(segments.size() - 1);
        long firstBlock;
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(segment.toFile(),
                new GenericDatumReader<>())) {
            firstBlock = reader.previousSync();
        }
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(firstBlock + 6);
        }

        Report report = verify();
        assertThat(report.ok()).as(report.render()).isFalse();
        assertThat(report.problems()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.CORRUPT);
            assertThat(f.segment()).isEqualTo(segment.getFileName().toString());
        });
    }

    /** The text of every statement the readers show, failing on no problem. */
    private List<String> shownTexts(List<ReadProblem> problems) throws IOException {
        List<String> texts = new ArrayList<>();
        AuditReader.forEach(dir, entry -> texts.add(String.valueOf(entry.record().getPayload())), problems::add);
        return texts;
    }

    @Test
    void aForgedRecordAfterACopyOfARealSegmentStartIsNamedAndNotShown() throws Exception {
        // A file that sorts between two real segments and begins with a copy of the second one's start, as the
        // segment a writer could not adopt would; after it, a forged statement.
        Path next = segments.get(2);
        Schema schema = Segments.schema(next);
        List<GenericRecord> records = Segments.read(next);
        GenericRecord start = records.get(0);
        GenericRecord forged = GenericData.get().deepCopy(schema, records.get(firstQuery(records)));
        ((GenericRecord) forged.get("payload")).put("text", "COPY customers TO '/tmp/exfil.csv'");
        forged.put("sequence", Segments.sequence(start) + 1);
        List<GenericRecord> both = new ArrayList<>(List.of(start, forged));
        Segments.rehash(both, 1, schema);
        Path file = dir.resolve(SegmentNames.name(Segments.sequence(Segments.read(segments.get(1)).get(0)), 1));
        Files.copy(next, file);
        Segments.write(file, both);

        Report report = verify();
        assertThat(report.problems()).as(report.render()).anySatisfy(f -> {
            assertThat(f.kind()).isEqualTo(Finding.Kind.INSERTED);
            assertThat(f.segment()).isEqualTo(file.getFileName().toString());
        });
        List<ReadProblem> problems = new ArrayList<>();
        assertThat(shownTexts(problems)).noneMatch(t -> t.contains("exfil"));
        assertThat(problems).anySatisfy(p -> assertThat(p.failure()).isTrue());
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
