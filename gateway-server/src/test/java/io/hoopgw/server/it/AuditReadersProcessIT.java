package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.AuditConfig;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.AuditRecorder;
import io.hoopgw.audit.ConnectionInfo;
import io.hoopgw.audit.SessionAudit;
import io.hoopgw.core.auth.Identity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hoopgw audit} run as a process, as an operator runs it, on an audit directory several times the size of
 * the process's heap, holding one long session and more short ones than the heap could list at once: every reader
 * streams (none holds the directory, one session, or every session's summary in memory), and
 * {@code verify} and {@code export} show their progress on a terminal (here a pseudo-terminal made by util-linux
 * {@code script}) and print nothing of it when their output is piped.
 */
class AuditReadersProcessIT {
    /** The readers' heap: the directory below is about four times as large. */
    private static final String HEAP = "-Xmx24m";
    private static final int STATEMENTS = 12_000;
    private static final int LARGE_EVERY = 12;
    private static final int LARGE_TEXT = 100_000;
    /** Short sessions, each listed on a line of its own: far more than the heap could hold at once. */
    private static final int SHORT_SESSIONS = 120_000;

    @TempDir
    static Path work;

    private static Path audit;
    private static Path publicKey;
    private static String sessionId;

    @BeforeAll
    static void recordALargeDirectory() throws Exception {
        JWK key = AuditKeys.generate(AuditKeys.Algorithm.ED25519);
        publicKey = work.resolve("audit.pub.jwk");
        AuditKeys.write(key, work.resolve("audit.jwk"), publicKey);
        audit = work.resolve("audit");
        String large = "x".repeat(LARGE_TEXT);
        try (AuditRecorder recorder = AuditRecorder.open(AuditConfig.builder(audit, "gw-big", key)
                .maxSegmentBytes(16 << 20).build())) {
            SessionAudit session = recorder.sessionStarted(new ConnectionInfo("10.0.0.9", 40001, "TLSv1.3",
                    Map.of("application_name", "bulk")), new Identity("loader", "https://idp.example",
                    Set.of("writers"), "jti-bulk", Instant.parse("2030-01-01T00:00:00Z")), "sales", "writer");
            List<CompletableFuture<Void>> durable = new ArrayList<>();
            for (int i = 1; i <= STATEMENTS; i++) {
                String text = i % LARGE_EVERY == 0 ? "SELECT '" + i + large + "'" : "SELECT " + i;
                durable.add(session.query(text).durable());
            }
            durable.add(session.sessionEnded("client terminated"));
            CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            sessionId = session.id();
            durable.clear();
            for (int i = 0; i < SHORT_SESSIONS; i++) {
                SessionAudit brief = recorder.sessionStarted(new ConnectionInfo("10.0.1." + i % 250, 50000 + i % 10000,
                        "TLSv1.3", Map.of("application_name", "probe", "user", "reader", "database", "sales")),
                        new Identity("probe-" + i, "https://idp.example", Set.of("readers"), "jti-" + i,
                                Instant.parse("2030-01-01T00:00:00Z")), "sales", "reader");
                durable.add(brief.sessionEnded("client terminated"));
            }
            CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        }
        long bytes;
        try (Stream<Path> files = Files.list(audit)) {
            bytes = files.mapToLong(f -> f.toFile().length()).sum();
        }
        assertThat(bytes).as("the directory dwarfs the readers' heap").isGreaterThan(90L << 20);
    }

    private record Run(int exit, String out, String err) {
    }

    /** Runs {@code hoopgw audit ARGS} with a small heap, its output piped to this test (or discarded). */
    private static Run piped(boolean keepOut, String... args) throws Exception {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command(args)).redirectError(err.toFile());
        builder.redirectOutput(keepOut ? ProcessBuilder.Redirect.to(out.toFile()) : ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Runs {@code hoopgw audit ARGS} on a pseudo-terminal; returns what the terminal showed. */
    private static Run onTerminal(String... args) throws Exception {
        String commandLine = String.join(" ", command(args).stream().map(a -> "'" + a + "'").toList());
        Path out = Files.createTempFile(work, "tty", ".txt");
        Process process = new ProcessBuilder("script", "-qec", commandLine, "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), "");
    }

    private static List<String> command(String... args) throws IOException {
        Path jar = Path.of(System.getProperty("hoopgw.jar", "target/hoopgw.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("no gateway jar at " + jar + ": run the integration tests with Maven"
                    + " (verify), whose package phase builds it");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:+UseSerialGC", HEAP, "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "audit"));
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void verifyStreamsAndIsQuietWhenPiped() throws Exception {
        Run verify = piped(true, "verify", audit.toString(), "--key", publicKey.toString(), "--require-sealed");
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).startsWith("OK: ").contains(" 0 unsealed, 0 problems");
        assertThat(verify.err()).as("no progress into a pipe").isEmpty();
    }

    @Test
    void exportStreamsEveryRecordAndIsQuietWhenPiped() throws Exception {
        Run export = piped(false, "export", audit.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.err()).as("no progress into a pipe").isEmpty();
        Run since = piped(true, "export", audit.toString(), "--since", "2999-01-01");
        assertThat(since.exit()).as(since.err()).isZero();
        assertThat(since.out()).isEmpty();
    }

    @Test
    void sessionsAndShowStream() throws Exception {
        Run sessions = piped(true, "sessions", audit.toString());
        assertThat(sessions.exit()).as(sessions.err()).isZero();
        assertThat(sessions.out().lines()).hasSize(SHORT_SESSIONS + 1);
        Run loader = piped(true, "sessions", audit.toString(), "--user", "loader");
        assertThat(loader.out().lines()).singleElement().asString().contains(sessionId, "loader",
                STATEMENTS + " statements");
        for (String format : List.of("text", "json")) {
            Run show = piped(false, "show", audit.toString(), sessionId, "--format", format);
            assertThat(show.exit()).as(format + ": " + show.err()).isZero();
            assertThat(show.err()).isEmpty();
        }
    }

    @Test
    void verifyAndExportShowProgressOnATerminal() throws Exception {
        Run verify = onTerminal("verify", audit.toString(), "--key", publicKey.toString());
        assertThat(verify.exit()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("\rverified 10000 records...").contains("OK: ");
        Run export = onTerminal("export", audit.toString(), "--since", "2999-01-01");
        assertThat(export.exit()).as(export.out()).isZero();
        assertThat(export.out()).contains("\rexported 10000 records...");
    }
}
