package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.verify.AuditVerifier;
import io.hoopgw.audit.verify.Report;
import io.hoopgw.server.Gateway;
import io.hoopgw.server.testing.GatewayHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway whose audit store stops being writable reports itself unhealthy, and healthy again once the store
 * writes again; the chain of records survives the interruption.
 */
class GatewayHealthIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void theGatewayIsUnhealthyWhileItsAuditStoreCannotWrite() throws Exception {
        JWK key = AuditKeys.generate(AuditKeys.Algorithm.ED25519);
        Path keyFile = dir.resolve("audit-key.jwk");
        AuditKeys.write(key, keyFile, dir.resolve("audit-key.pub.jwk"));
        Path auditDir = dir.resolve("audit");
        Path moved = dir.resolve("audit-moved");

        try (GatewayHarness harness = GatewayHarness.builder()
                // Segments rotate every second, so the writer soon needs the directory for a new file.
                .section("audit:\n  directory: " + auditDir + "\n  signingKey: {file: " + keyFile + "}\n"
                        + "  maxSegmentAge: 1s\n")
                .start()) {
            Gateway gateway = harness.gateway();
            assertThat(gateway.healthy()).isTrue();

            // The open segment moves along with its directory; the next one has nowhere to go.
            Files.move(auditDir, moved);
            Files.writeString(auditDir, "a file where the audit directory was");
            awaitHealth(gateway, false);

            Files.delete(auditDir);
            Files.move(moved, auditDir);
            awaitHealth(gateway, true);

            // Write after the segment's age has passed, so a new segment is opened whatever the timing under load.
            Thread.sleep(1_100);
            try (java.sql.Connection c = harness.connectAsWriter();
                    java.sql.Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
        }

        Report report = AuditVerifier.verify(auditDir, key.toPublicJWK());
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.segments()).isGreaterThan(1);
    }

    private static void awaitHealth(Gateway gateway, boolean expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (gateway.healthy() != expected) {
            assertThat(System.nanoTime()).as("gateway healthy() becomes %s", expected).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
