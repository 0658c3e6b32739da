package io.hoopgw.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.audit.read.AuditEntry;
import io.hoopgw.audit.read.AuditReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session that starts while the store cannot write is recorded with its start once the store recovers. */
class SessionAuditTest {
    @TempDir
    Path dir;

    @Test
    void aSessionsRecordsAreDurableOnlyWithItsStartWhichIsWrittenAgainAfterAFailure() throws Exception {
        Path auditDir = dir.resolve("audit");
        Files.writeString(auditDir, "a file where the audit directory should be");
        try (AuditRecorder recorder = AuditRecorder.open(AuditFixture.config(auditDir).build())) {
            SessionAudit session = recorder.sessionStarted(AuditFixture.connection("during-outage"),
                    AuditFixture.identity("alice"), "sales", "app_rw");
            assertThat(failed(session.started())).isTrue();
            assertThat(failed(session.query("SELECT 1").durable())).isTrue();

            Files.delete(auditDir);
            RecordedStatement after = session.query("SELECT 2");
            after.durable().get(10, TimeUnit.SECONDS);
            assertThat(session.started()).isCompleted();
            session.sessionEnded("client terminated").get(10, TimeUnit.SECONDS);
        }

        List<AuditEntry> entries = new ArrayList<>();
        AuditReader.forEach(auditDir, entries::add, problem -> {
            throw new AssertionError(problem.toString());
        });
        assertThat(entries).extracting(AuditEntry::kind).containsSubsequence("SessionStarted", "QueryStatement",
                "SessionEnded");
        assertThat(entries).filteredOn(e -> e.kind().equals("SessionStarted")).hasSize(1);
    }

    private static boolean failed(CompletableFuture<Void> future) throws InterruptedException {
        try {
            future.get(10, TimeUnit.SECONDS);
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer within 10 s", e);
        }
    }
}
