package io.hoopgw.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.audit.AuditConfig;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.AuditRecorder;
import io.hoopgw.server.session.DataPathControls;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's health follows its audit recorder, and each change is logged once. The recorder is real: its
 * store is made unwritable by putting a file where its directory would go, and writable again by removing it.
 */
class GatewayHealthTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureLog() {
        // slf4j-simple writes each line to whatever System.err is at the time.
        originalErr = System.err;
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLog() {
        System.setErr(originalErr);
    }

    private List<String> healthLines() {
        return logged.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("GatewayHealth")).toList();
    }

    @Test
    void withoutARecorderTheGatewayIsAlwaysHealthy() {
        GatewayHealth health = new GatewayHealth(DataPathControls.NONE);

        assertThat(health.watched()).isFalse();
        assertThat(health.check()).isTrue();
        assertThat(healthLines()).isEmpty();
    }

    @Test
    void eachChangeOfTheRecordersHealthIsLoggedOnce() throws Exception {
        Path blocker = Files.writeString(dir.resolve("blocker"), "a file where the audit directory's parent would go");
        Path auditDir = blocker.resolve("audit");
        try (AuditRecorder recorder = AuditRecorder.open(AuditConfig.builder(auditDir, "health",
                AuditKeys.generate(AuditKeys.Algorithm.ED25519)).build())) {
            GatewayHealth health = new GatewayHealth(DataPathControls.NONE.withAudit(recorder));
            assertThat(health.watched()).isTrue();

            awaitHealth(health, false);
            assertThat(health.check()).isFalse();
            assertThat(health.check()).isFalse();
            assertThat(healthLines()).singleElement().asString()
                    .contains("ERROR GatewayHealth - gateway unhealthy: the audit store " + auditDir + " cannot write"
                            + " (java.nio.file.FileSystemException: ")
                    .contains("statements are refused until it can");

            Files.delete(blocker);
            awaitHealth(health, true);
            assertThat(health.check()).isTrue();
            assertThat(healthLines()).hasSize(2).last().asString()
                    .contains("INFO GatewayHealth - gateway healthy again: the audit store " + auditDir + " can write");
        }
    }

    private static void awaitHealth(GatewayHealth health, boolean expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (health.check() != expected) {
            assertThat(System.nanoTime()).as("health becomes %s", expected).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
