package io.hoopgw.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hoopgw.audit.AuditConfig;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.AuditRecorder;
import io.hoopgw.audit.ConnectionInfo;
import io.hoopgw.audit.Outcome;
import io.hoopgw.audit.RecordedStatement;
import io.hoopgw.audit.SessionAudit;
import io.hoopgw.core.auth.Identity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hoopgw audit ...} run through picocli as the launcher runs it, output captured. */
class AuditCommandTest {
    @TempDir
    Path dir;
    private Path audit;
    private Path publicKey;
    private String aliceSession;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new HoopgwCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private String session(AuditRecorder recorder, String subject, String sql) throws Exception {
        SessionAudit s = recorder.sessionStarted(new ConnectionInfo("10.0.0.7", 40000, "TLSv1.3",
                Map.of("application_name", "psql")), new Identity(subject, "https://idp.example", Set.of("readers"),
                "jti-1", Instant.parse("2030-01-01T00:00:00Z")), "sales", "reader");
        RecordedStatement st = s.query(sql);
        st.durable().get(10, TimeUnit.SECONDS);
        s.outcome(st.number(), Outcome.completed("SELECT 1", Duration.ofMillis(1)));
        s.sessionEnded("client terminated").get(10, TimeUnit.SECONDS);
        return s.id();
    }

    @BeforeEach
    void recordWithAGeneratedKey() throws Exception {
        Path privateKey = dir.resolve("audit.jwk");
        Run keygen = run("audit", "keygen", "--out", privateKey.toString());
        assertThat(keygen.exit()).as(keygen.err()).isZero();
        publicKey = dir.resolve("audit.pub.jwk");
        assertThat(keygen.out()).contains(privateKey.toString(), publicKey.toString());
        assertThat(Files.readString(privateKey)).contains("\"d\"").contains("Ed25519");
        assertThat(Files.readString(publicKey)).doesNotContain("\"d\"");

        audit = dir.resolve("audit");
        try (AuditRecorder recorder = AuditRecorder.open(AuditConfig.builder(audit, "gw-cli",
                AuditKeys.read(privateKey)).build())) {
            aliceSession = session(recorder, "alice", "SELECT 'alice was here'");
            session(recorder, "bob", "SELECT 'bob was here'");
        }
    }

    @Test
    void keygenMakesAnOwnerOnlyEs256KeyWhoseCheckpointsVerify() throws Exception {
        Path privateKey = dir.resolve("es.jwk");
        Path publicOut = dir.resolve("public/es-public.jwk");
        Files.createDirectories(publicOut.getParent());
        Run keygen = run("audit", "keygen", "--algorithm", "ES256", "--out", privateKey.toString(), "--public-out",
                publicOut.toString());
        assertThat(keygen.exit()).as(keygen.err()).isZero();
        assertThat(Files.readString(privateKey)).contains("\"d\"", "\"P-256\"");
        assertThat(Files.readString(publicOut)).contains("\"P-256\"").doesNotContain("\"d\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey))).isEqualTo("rw-------");

        Path es = dir.resolve("es-audit");
        try (AuditRecorder recorder = AuditRecorder.open(AuditConfig.builder(es, "gw-es", AuditKeys.read(privateKey))
                .build())) {
            session(recorder, "dana", "SELECT 'dana was here'");
        }
        Run verify = run("audit", "verify", es.toString(), "--key", publicOut.toString(), "--require-sealed");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).startsWith("OK: ").contains("0 unsealed, 0 problems");
        Run otherAlgorithm = run("audit", "verify", es.toString(), "--key", publicKey.toString());
        assertThat(otherAlgorithm.exit()).isEqualTo(1);
    }

    @Test
    void keygenRefusesToOverwriteAKey() {
        Run again = run("audit", "keygen", "--out", dir.resolve("audit.jwk").toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("already exists");
    }

    @Test
    void verifyPassesWithTheKeyAndQuietlyWhenPiped() {
        Run verify = run("audit", "verify", audit.toString(), "--key", publicKey.toString());
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).startsWith("OK: ").contains("0 unsealed, 0 problems");
        assertThat(verify.err()).isEmpty();
    }

    @Test
    void anUnsealedTailPassesUnlessSealingIsRequired() throws Exception {
        // A recorder still open, with no checkpoint due yet: its last records are durable but not yet signed.
        try (AuditRecorder recorder = AuditRecorder.open(AuditConfig.builder(audit, "gw-cli",
                AuditKeys.read(dir.resolve("audit.jwk"))).checkpointRecords(1000)
                .checkpointInterval(Duration.ofHours(1)).build())) {
            session(recorder, "carol", "SELECT 'carol was here'");

            Run verify = run("audit", "verify", audit.toString(), "--key", publicKey.toString());
            assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
            // The new segment's start and carol's four records.
            assertThat(verify.out()).startsWith("OK: ").contains("5 unsealed, 0 problems", "UNSEALED");
            Run strict = run("audit", "verify", audit.toString(), "--key", publicKey.toString(),
                    "--require-sealed");
            assertThat(strict.exit()).as(strict.out() + strict.err()).isEqualTo(1);
            assertThat(strict.out()).contains("5 unsealed");
        }
        Run sealed = run("audit", "verify", audit.toString(), "--key", publicKey.toString(), "--require-sealed");
        assertThat(sealed.exit()).as("sealed at close: " + sealed.out()).isZero();
    }

    @Test
    void verifyFailsWithAnotherKey() throws Exception {
        Path other = dir.resolve("other.jwk");
        run("audit", "keygen", "--out", other.toString());
        Run verify = run("audit", "verify", audit.toString(), "--key", dir.resolve("other.pub.jwk").toString());
        assertThat(verify.exit()).isEqualTo(1);
        assertThat(verify.out()).startsWith("FAILED").contains("INVALID_SIGNATURE");
    }

    @Test
    void verifyReportsAnUnusableDirectoryOrKey() {
        assertThat(run("audit", "verify", dir.resolve("nope").toString(), "--key", publicKey.toString()).exit())
                .isEqualTo(2);
        Run badKey = run("audit", "verify", audit.toString(), "--key", dir.resolve("missing.jwk").toString());
        assertThat(badKey.exit()).isEqualTo(2);
        assertThat(badKey.err()).contains("missing.jwk");
    }

    @Test
    void sessionsListsOneLinePerSessionWithFilters() {
        Run all = run("audit", "sessions", audit.toString());
        assertThat(all.exit()).isZero();
        assertThat(all.out().lines()).hasSize(2);
        Run alice = run("audit", "sessions", audit.toString(), "--user", "alice", "--since", "2000-01-01",
                "--target", "sales");
        assertThat(alice.out().lines()).singleElement().asString().contains(aliceSession, "alice", "10.0.0.7:40000");
        assertThat(run("audit", "sessions", audit.toString(), "--until", "2000-01-01").out()).isEmpty();
        Run badTime = run("audit", "sessions", audit.toString(), "--since", "yesterday");
        assertThat(badTime.exit()).isEqualTo(2);
        assertThat(badTime.err()).contains("is not a time");
    }

    @Test
    void sessionsNamesAForeignFileAndStillLists() throws Exception {
        Files.writeString(audit.resolve("stray.txt"), "x");
        Run listed = run("audit", "sessions", audit.toString());
        assertThat(listed.exit()).isEqualTo(1);
        assertThat(listed.err()).contains("stray.txt");
        assertThat(listed.out().lines()).hasSize(2);
    }

    /**
     * A segment ending inside a block is what a crash or a full disk leaves (a batch never acknowledged): the
     * readers note it, naming file and offset, and still succeed, as verify does; a damaged block does not.
     */
    @Test
    void aTornTailIsNotedWithoutFailingTheReaders() throws Exception {
        Path last;
        try (var files = Files.list(audit)) {
            last = files.filter(f -> f.getFileName().toString().startsWith("seg-")).sorted()
                    .reduce((a, b) -> b).orElseThrow();
        }
        try (var channel = java.nio.channels.FileChannel.open(last, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 10);
        }
        String torn = "hoopgw audit: note: " + last.getFileName() + "@";

        Run sessions = run("audit", "sessions", audit.toString());
        assertThat(sessions.exit()).as(sessions.err()).isZero();
        assertThat(sessions.err()).startsWith(torn);
        assertThat(sessions.out().lines()).hasSize(2);
        Run show = run("audit", "show", audit.toString(), aliceSession);
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.err()).startsWith(torn);
        Run export = run("audit", "export", audit.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.err()).startsWith(torn);
        Run verify = run("audit", "verify", audit.toString(), "--key", publicKey.toString());
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("TORN_TAIL " + last.getFileName());

        Files.writeString(audit.resolve("seg-00000000000000999999.avro"), "not avro at all");
        Run damaged = run("audit", "export", audit.toString());
        assertThat(damaged.exit()).isEqualTo(1);
        assertThat(damaged.err()).contains("hoopgw audit: seg-00000000000000999999.avro");
    }

    @Test
    void showPrintsATimelineAsTextOrJson() throws Exception {
        Run text = run("audit", "show", audit.toString(), aliceSession);
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("SESSION START alice", "QUERY: SELECT 'alice was here'", "OUTCOME SELECT 1",
                "SESSION END client terminated").doesNotContain("bob");
        Run json = run("audit", "show", audit.toString(), aliceSession, "--format", "json");
        JsonNode records = new ObjectMapper().readTree(json.out());
        assertThat(records.isArray()).isTrue();
        assertThat(records.get(0).get("type").asText()).isEqualTo("SessionStarted");
        Run missing = run("audit", "show", audit.toString(), "no-such-session");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no records for session no-such-session");
    }

    @Test
    void exportWritesJsonLines() throws Exception {
        Run export = run("audit", "export", audit.toString(), "--format", "jsonl");
        assertThat(export.exit()).isZero();
        ObjectMapper json = new ObjectMapper();
        long lines = export.out().lines().peek(line -> {
            try {
                assertThat(json.readTree(line).get("sequence").asLong()).isPositive();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }).count();
        assertThat(lines).isGreaterThan(8);
        assertThat(export.out()).contains("alice was here", "bob was here");
        assertThat(run("audit", "export", audit.toString(), "--since", "2999-01-01").out()).isEmpty();
        assertThat(run("audit", "export", audit.toString(), "--format", "csv").exit()).isEqualTo(2);
    }
}
