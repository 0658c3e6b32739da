package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.AuditConfig;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.AuditRecorder;
import io.hoopgw.audit.ConnectionInfo;
import io.hoopgw.audit.read.AuditEntry;
import io.hoopgw.audit.read.AuditReader;
import io.hoopgw.audit.schema.Checkpoint;
import io.hoopgw.audit.schema.CheckpointReason;
import io.hoopgw.audit.schema.SessionEnded;
import io.hoopgw.audit.verify.AuditVerifier;
import io.hoopgw.audit.verify.Report;
import io.hoopgw.server.session.DataPathControls;
import io.hoopgw.server.testing.GatewayHarness;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway opens the recorder its {@code audit} section configures, refuses to start when the audit directory
 * cannot be written, and closes what it opened (sealing the segment) but not a recorder passed in by code.
 */
class AuditSetupIT {
    @TempDir
    Path dir;

    private JWK key;
    private Path keyFile;

    @BeforeEach
    void writeKey() throws Exception {
        key = AuditKeys.generate(AuditKeys.Algorithm.ED25519);
        keyFile = dir.resolve("audit-key.jwk");
        AuditKeys.write(key, keyFile, dir.resolve("audit-key.pub.jwk"));
    }

    private String auditSection(Path directory) {
        return "audit:\n  directory: " + directory + "\n  instance: it-gw\n  signingKey: {file: " + keyFile + "}\n";
    }

    @Test
    void theConfiguredRecorderIsOpenedAndSealedWhenTheGatewayCloses() throws Exception {
        Path auditDir = dir.resolve("audit/it-gw");

        try (GatewayHarness harness = GatewayHarness.builder().section(auditSection(auditDir)).start()) {
            assertThat(auditDir).isDirectory();
            try (Connection connection = harness.connectAsWriter();
                    ResultSet rs = connection.createStatement().executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }

        Report report = AuditVerifier.verify(auditDir, key.toPublicJWK());
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.unsealed()).as(report.render()).isZero();
        List<AuditEntry> entries = read(auditDir);
        assertThat(entries.get(entries.size() - 1).record().getPayload())
                .isInstanceOfSatisfying(Checkpoint.class,
                        last -> assertThat(last.getReason()).isEqualTo(CheckpointReason.SHUTDOWN));
    }

    @Test
    void aSessionOpenWhenTheGatewayClosesIsRecordedAsEndedByTheShutdown() throws Exception {
        Path auditDir = dir.resolve("audit/it-gw");
        try (GatewayHarness harness = GatewayHarness.builder().section(auditSection(auditDir)).start()) {
            Properties properties = new Properties();
            properties.setProperty("ApplicationName", "open-at-shutdown");
            properties.setProperty("assumeMinServerVersion", "10");
            try (Connection connection = harness.connectAsWriter(properties)) {
                connection.createStatement().executeQuery("SELECT 1").close();
                harness.gateway().close();
                assertThat(catchThrowableOfType(SQLException.class,
                        () -> connection.createStatement().executeQuery("SELECT 2")).getSQLState())
                        .isEqualTo("57P01");
            }
        }

        Report report = AuditVerifier.verify(auditDir, key.toPublicJWK());
        assertThat(report.ok()).as(report.render()).isTrue();
        assertThat(report.unsealed()).as(report.render()).isZero();
        SessionEnded end = RecordedSession.await(auditDir, "open-at-shutdown").only(SessionEnded.class);
        assertThat(end.getReason()).isEqualTo("terminating connection due to administrator command");
        assertThat(end.getStatements()).isEqualTo(1);
    }

    @Test
    void anAuditDirectoryThatCannotBeCreatedStopsTheStart() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        Path auditDir = file.resolve("audit");

        assertThatThrownBy(() -> GatewayHarness.builder().section(auditSection(auditDir)).start())
                .isInstanceOf(UncheckedIOException.class)
                .cause()
                .hasMessageStartingWith("the audit directory " + auditDir + " cannot be written: ");
    }

    @Test
    void aRecorderPassedInByCodeIsLeftOpen() throws Exception {
        try (AuditRecorder recorder = AuditRecorder.open(AuditConfig.builder(dir.resolve("code"), "code", key)
                .build())) {
            GatewayHarness.builder().controls(stateDir -> DataPathControls.NONE.withAudit(recorder)).start().close();

            recorder.loginRefused(new ConnectionInfo("127.0.0.1", 5000, null, Map.of()), null, "t", "token",
                    "28P01", "after the gateway closed").get(10, TimeUnit.SECONDS);
            assertThat(recorder.healthy()).isTrue();
        }
    }

    private static List<AuditEntry> read(Path auditDir) throws Exception {
        List<AuditEntry> entries = new ArrayList<>();
        AuditReader.forEach(auditDir, entries::add, problem -> {
            throw new AssertionError("unexpected read problem: " + problem);
        });
        return entries;
    }
}
