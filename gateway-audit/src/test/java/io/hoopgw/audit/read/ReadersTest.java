package io.hoopgw.audit.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hoopgw.audit.AuditFixture;
import io.hoopgw.audit.AuditRecorder;
import io.hoopgw.audit.CopyCapture;
import io.hoopgw.audit.Outcome;
import io.hoopgw.audit.RecordedStatement;
import io.hoopgw.audit.ResultCapture;
import io.hoopgw.audit.ResultColumn;
import io.hoopgw.audit.SessionAudit;
import io.hoopgw.audit.schema.CopyDirection;
import io.hoopgw.audit.schema.ValueFormat;
import io.hoopgw.audit.store.Hashes;
import io.hoopgw.core.protocol.backend.DataRow;
import io.hoopgw.core.protocol.frontend.Bind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A realistic session recorded through the public API, read back by every reader. */
class ReadersTest {
    @TempDir
    Path dir;
    private String sessionId;
    private String otherId;
    private String expectedDigest;

    private static ByteBuf encoded(DataRow row) {
        ByteBuf out = Unpooled.buffer();
        row.encode(out);
        row.release();
        return out;
    }

    @BeforeEach
    void record() throws Exception {
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(dir).sampleRows(2).build())) {
            SessionAudit s = recorder.sessionStarted(AuditFixture.connection("report-tool"),
                    AuditFixture.identity("alice"), "sales", "app_reader");
            sessionId = s.id();
            s.started().get(10, TimeUnit.SECONDS);

            s.query("SET search_path = app", 1, 2);
            s.query("SELECT 1/0", 2, 2);
            s.outcome(1, Outcome.completed("SET", Duration.ofMillis(1)));
            s.outcome(2, Outcome.failed("22012", "division by zero", Duration.ofMillis(1)));

            s.parse("S_1", "SELECT * FROM orders WHERE id = $1 AND note = $2 AND blob = $3", List.of(23, 25, 0));
            Bind bind = Bind.of("", "S_1", List.of((short) 1, (short) 0, (short) 1),
                    java.util.Arrays.asList(new byte[] {0, 0, 0, 42}, null, new byte[] {(byte) 0xde, (byte) 0xad}),
                    List.of((short) 0));
            RecordedStatement bound;
            try {
                bound = s.bind(bind);
            } finally {
                bind.release();
            }
            RecordedStatement exec = s.execute("", 0);
            exec.durable().get(10, TimeUnit.SECONDS);
            assertThat(bound.number()).isLessThan(exec.number());
            s.decision(exec.number(), true, "readers-may-read", "SELECT on orders");

            ResultCapture result = s.result(exec.number(), List.of(new ResultColumn("id", 23, ValueFormat.TEXT),
                    new ResultColumn("note", 25, ValueFormat.TEXT)));
            MessageDigest independent = Hashes.sha256();
            for (int i = 0; i < 3; i++) {
                ByteBuf message = encoded(DataRow.of(("" + i).getBytes(StandardCharsets.UTF_8),
                        i == 1 ? null : ("note " + i).getBytes(StandardCharsets.UTF_8)));
                try {
                    result.dataRow(message);
                    byte[] bytes = new byte[message.readableBytes()];
                    message.getBytes(message.readerIndex(), bytes);
                    independent.update(bytes);
                } finally {
                    message.release();
                }
            }
            expectedDigest = HexFormat.of().formatHex(independent.digest());
            result.finish();
            s.outcome(exec.number(), Outcome.completed("SELECT 3", Duration.ofMillis(3)));

            RecordedStatement copy = s.query("COPY orders TO STDOUT");
            CopyCapture data = s.copy(copy.number(), CopyDirection.OUT, false);
            ByteBuf chunk = Unpooled.copiedBuffer("1\tfirst\n2\tsecond\n", StandardCharsets.UTF_8);
            try {
                data.data(chunk);
            } finally {
                chunk.release();
            }
            data.finish();
            s.notice("WARNING", "01000", "something to note");
            s.notification(4242, "orders_changed", "id=7");
            s.sessionEnded("client terminated").get(10, TimeUnit.SECONDS);

            otherId = AuditFixture.simpleSession(recorder, "bob", "SELECT 2");
            recorder.loginRefused(AuditFixture.connection("psql"), null, "sales", "token", "28P01",
                    "hoopgw: token expired").get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void listsSessionsWithFilters() throws Exception {
        List<ReadProblem> problems = new ArrayList<>();
        List<SessionSummary> all = SessionList.list(dir, SessionFilter.all(), problems::add);
        assertThat(problems).isEmpty();
        assertThat(all).extracting(SessionSummary::subject).containsExactly("alice", "bob", null);
        SessionSummary alice = all.get(0);
        assertThat(alice.sessionId()).isEqualTo(sessionId);
        assertThat(alice.statements()).isEqualTo(4);
        assertThat(alice.failed()).isEqualTo(1);
        assertThat(alice.status()).isEqualTo("ended: client terminated");
        assertThat(alice.application()).isEqualTo("report-tool");
        assertThat(all.get(2).status()).isEqualTo("refused: token (28P01)");
        assertThat(alice.line()).contains(sessionId, "alice", "sales", "127.0.0.1:50123");

        assertThat(SessionList.list(dir, new SessionFilter("bob", null, null, null), p -> { }))
                .extracting(SessionSummary::sessionId).containsExactly(otherId);
        assertThat(SessionList.list(dir, new SessionFilter(null, null, null, "other"), p -> { })).isEmpty();
        assertThat(SessionList.list(dir, new SessionFilter(null, Instant.now().plusSeconds(60), null, null), p -> { }))
                .isEmpty();
        assertThat(SessionList.list(dir, new SessionFilter(null, null, Instant.now().plusSeconds(60), null), p -> { }))
                .hasSize(3);
    }

    @Test
    void showsASessionAsATextTimeline() throws Exception {
        StringWriter out = new StringWriter();
        long shown = Timeline.write(dir, sessionId, Timeline.Format.TEXT, out, p -> { });
        String text = out.toString();
        assertThat(shown).isEqualTo(16);
        assertThat(text)
                .contains("SESSION START alice (https://idp.example, groups [analysts, readers], jti jti-alice)")
                .contains("TLSv1.3, application report-tool -> target sales as app_reader")
                .contains("[2] QUERY (2/2): SELECT 1/0")
                .contains("[2] OUTCOME ERROR 22012: division by zero")
                .contains("BIND portal \"\" statement \"S_1\": $1='42', $2=NULL, $3=\\xdead (type 0, binary)")
                .contains("EXECUTE portal \"\": SELECT * FROM orders WHERE id = $1")
                .contains("POLICY allowed by readers-may-read")
                .contains("RESULT 3 rows, ")
                .contains("sha256 " + expectedDigest)
                .contains("row: '0' 'note 0'")
                .contains("row: '1' NULL")
                .contains("(further rows not kept)")
                .contains("COPY TO STDOUT: 17 bytes in 1 messages")
                .contains("first lines [1\tfirst, 2\tsecond]")
                .contains("NOTICE WARNING 01000: something to note")
                .contains("NOTIFY orders_changed from 4242: id=7")
                .contains("SESSION END client terminated: 4 statements (1 failed), 3 rows");
        assertThat(text).doesNotContain("bob");
    }

    @Test
    void showsASessionAsJson() throws Exception {
        StringWriter out = new StringWriter();
        Timeline.write(dir, sessionId, Timeline.Format.JSON, out, p -> { });
        JsonNode records = new ObjectMapper().readTree(out.toString());
        assertThat(records.size()).isEqualTo(16);
        JsonNode bind = null;
        for (JsonNode r : records) {
            if (r.get("type").asText().equals("BindStatement")) {
                bind = r;
            }
        }
        assertThat(bind).isNotNull();
        assertThat(bind.get("parameters").get(0).get("text").asText()).isEqualTo("42");
        assertThat(bind.get("parameters").get(1).get("isNull").asBoolean()).isTrue();
        assertThat(bind.get("parameters").get(2).get("raw").asText()).isEqualTo("dead");
        assertThat(records.get(0).get("time").asText()).endsWith("Z");
    }

    @Test
    void exportsEveryRecordAsJsonLines() throws Exception {
        StringWriter out = new StringWriter();
        long written = JsonExport.write(dir, null, out, p -> { }, n -> { });
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize((int) written);
        ObjectMapper json = new ObjectMapper();
        long previous = 0;
        for (String line : lines) {
            JsonNode node = json.readTree(line);
            assertThat(node.get("sequence").asLong()).isEqualTo(previous + 1);
            assertThat(node.get("hash").asText()).hasSize(64);
            previous = node.get("sequence").asLong();
        }
        assertThat(out.toString()).contains("\"type\":\"LoginRefused\"").contains("\"type\":\"Checkpoint\"");
        StringWriter none = new StringWriter();
        assertThat(JsonExport.write(dir, Instant.now().plusSeconds(60), none, p -> { }, n -> { })).isZero();
    }

    @Test
    void aFailureOfTheCallerIsThrownNotReportedAsADamagedBlock() throws Exception {
        List<ReadProblem> problems = new ArrayList<>();
        IllegalStateException thrown = new IllegalStateException("the caller's own failure");

        assertThatThrownBy(() -> AuditReader.forEach(dir, entry -> {
            throw thrown;
        }, problems::add)).isSameAs(thrown);
        assertThat(problems).isEmpty();

        // A writer that fails (a closed pipe) ends the timeline with its IOException.
        Writer broken = new Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> Timeline.write(dir, sessionId, Timeline.Format.TEXT, broken, problems::add))
                .isInstanceOf(IOException.class).hasMessage("Broken pipe");
        assertThat(problems).isEmpty();
    }

    @Test
    void aCorruptOrForeignFileIsNamedAndTheOtherSegmentsAreStillRead() throws Exception {
        Path segment;
        try (var files = Files.list(dir)) {
            segment = files.filter(p -> p.getFileName().toString().startsWith("seg-")).sorted().findFirst()
                    .orElseThrow();
        }
        // Damage a block in the middle of the segment: everything else must still be read.
        byte[] bytes = Files.readAllBytes(segment);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("SELECT 1/0");
        for (int i = at - 40; i < at + 10; i++) {
            bytes[i] = (byte) 0xff;
        }
        Files.write(segment, bytes);
        Files.writeString(dir.resolve("README"), "not audit data");
        Files.writeString(dir.resolve("seg-00000000000000999999.avro"), "not avro at all");

        List<ReadProblem> problems = new ArrayList<>();
        List<SessionSummary> sessions = SessionList.list(dir, SessionFilter.all(), problems::add);
        assertThat(problems).extracting(ReadProblem::file)
                .contains("README", "seg-00000000000000999999.avro", segment.getFileName().toString());
        assertThat(problems).filteredOn(p -> p.file().equals(segment.getFileName().toString()))
                .allSatisfy(p -> assertThat(p.offset()).isPositive());
        assertThat(sessions).extracting(SessionSummary::subject).contains("bob");
    }
}
