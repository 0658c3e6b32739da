package io.hoopgw.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.read.AuditEntry;
import io.hoopgw.audit.read.AuditReader;
import io.hoopgw.audit.read.ReadProblem;
import io.hoopgw.audit.schema.QueryStatement;
import io.hoopgw.audit.verify.AuditVerifier;
import io.hoopgw.audit.verify.Finding;
import io.hoopgw.audit.verify.Report;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that fails part way, as on a full disk: the writer runs in a process whose file size limit
 * ({@code ulimit -f}, which the JVM turns into "File too large" errors) cuts each segment at 256 KiB, in the middle
 * of a block. Every statement acknowledged as recorded is in the directory, every one refused is not, and the
 * directory verifies: the torn blocks of the abandoned segments are reported as notes, not tampering. With segments
 * zero-filled ahead of their data the limit is below the 1 MiB of zeros, so the writer records what fits without.
 */
class WriteFailureTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "zero-filled ahead: {0}")
    @ValueSource(booleans = {false, true})
    void aWriteCutShortFailsItsBatchAndTheChainResumesInANewSegmentThatVerifies(boolean preallocate)
            throws Exception {
        JWK key = AuditKeys.generate(AuditKeys.Algorithm.ED25519);
        Path keyFile = dir.resolve("audit.jwk");
        AuditKeys.write(key, keyFile, dir.resolve("audit.pub.jwk"));
        Path audit = dir.resolve("audit");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "ulimit -S -f 256 && exec '" + java + "' -XX:+UseSerialGC -Xmx128m -cp '"
                + System.getProperty("java.class.path") + "' " + FileSizeLimitedWriter.class.getName() + " '"
                + audit + "' '" + keyFile + "' 3 " + preallocate;
        Path out = dir.resolve("writer.out");
        Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();

        Set<Long> acknowledged = new TreeSet<>();
        Set<Long> refused = new TreeSet<>();
        for (String line : output.lines().toList()) {
            String[] words = line.split(" ");
            if (words[0].equals("ok")) {
                acknowledged.add(Long.parseLong(words[1]));
            } else if (words[0].equals("failed")) {
                assertThat(line).contains("File too large");
                refused.add(Long.parseLong(words[1]));
            }
        }
        assertThat(refused).as(output).hasSizeGreaterThanOrEqualTo(3);

        Set<Long> recorded = new TreeSet<>();
        List<ReadProblem> problems = new ArrayList<>();
        AuditReader.forEach(audit, (AuditEntry entry) -> {
            if (entry.record().getPayload() instanceof QueryStatement query) {
                recorded.add(Long.parseLong(query.getText().split(" ")[1]));
            }
        }, problems::add);
        assertThat(recorded).as("every acknowledged statement is on disk").containsAll(acknowledged);
        assertThat(recorded).as("no refused statement is").doesNotContainAnyElementsOf(refused);

        Report report = AuditVerifier.verify(audit, key.toPublicJWK());
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.unsealed()).as(report.render()).isZero();
        assertThat(report.notes()).as(report.render()).extracting(Finding::kind).contains(Finding.Kind.TORN_TAIL);
    }
}
