package io.hoopgw.audit;

import java.util.concurrent.CompletableFuture;

/**
 * A statement event that was queued for recording.
 *
 * @param number  its number within the session (outcomes, decisions and results refer to it)
 * @param durable completes when the record is on disk; fails with {@link AuditUnavailableException} when it
 *                cannot be written. Forward the statement only after it completes.
 */
public record RecordedStatement(long number, CompletableFuture<Void> durable) {
}
