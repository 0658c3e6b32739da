package io.hoopgw.audit.store;

import io.hoopgw.audit.AuditConfig;
import io.hoopgw.audit.AuditFixture;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.AuditRecorder;
import io.hoopgw.audit.SessionAudit;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link WriteFailureTest} in a process whose file size limit ({@code ulimit -f}) makes writes fail part
 * way, as a full disk does: records statements until {@code failures} of them could not be recorded and as many
 * again were after the last failure, printing {@code ok N} or {@code failed N} for each statement N.
 *
 * <p>Arguments: the audit directory, the private key file, the number of failures to see, and whether segments
 * are kept zero-filled ahead of their data.
 */
public final class FileSizeLimitedWriter {
    private FileSizeLimitedWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path audit = Path.of(args[0]);
        int wanted = Integer.parseInt(args[2]);
        String filler = "x".repeat(20_000);
        int failures = 0;
        int sinceFailure = 0;
        try (AuditRecorder recorder = AuditRecorder.open(AuditConfig.builder(audit, "gw-full",
                AuditKeys.read(Path.of(args[1]))).checkpointRecords(5)
                .preallocateSegments(Boolean.parseBoolean(args[3])).build())) {
            SessionAudit session = recorder.sessionStarted(AuditFixture.connection("filler"),
                    AuditFixture.identity("filler"), "sales", "app_writer");
            for (int i = 1; i <= 1_000 && (failures < wanted || sinceFailure < 10); i++) {
                try {
                    session.query("SELECT " + i + " /* " + filler + " */").durable().get(30, TimeUnit.SECONDS);
                    System.out.println("ok " + i);
                    sinceFailure++;
                } catch (ExecutionException e) {
                    System.out.println("failed " + i + " " + e.getCause());
                    failures++;
                    sinceFailure = 0;
                }
            }
        }
        System.out.flush();
    }
}
