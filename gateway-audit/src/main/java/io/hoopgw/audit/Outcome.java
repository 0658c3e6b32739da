package io.hoopgw.audit;

import io.hoopgw.audit.schema.OutcomeKind;
import java.time.Duration;
import java.util.Objects;

/**
 * How a statement ended, as the client was told.
 *
 * @param kind       completed, failed, empty query, or portal suspended
 * @param commandTag the CommandComplete tag ({@code INSERT 0 3}), when completed
 * @param rows       rows affected or returned, when the tag carries a count
 * @param sqlState   the ErrorResponse's SQLSTATE, when failed
 * @param message    the ErrorResponse's message, when failed
 * @param duration   from the statement being forwarded to its outcome
 */
public record Outcome(OutcomeKind kind, String commandTag, Long rows, String sqlState, String message,
        Duration duration) {
    /** Checks the kind and duration. */
    public Outcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(duration, "duration");
    }

    /** CommandComplete: the tag; the row count is taken from its last word when numeric. */
    public static Outcome completed(String commandTag, Duration duration) {
        Objects.requireNonNull(commandTag, "commandTag");
        return new Outcome(OutcomeKind.COMPLETED, commandTag, rowsOf(commandTag), null, null, duration);
    }

    /** ErrorResponse. */
    public static Outcome failed(String sqlState, String message, Duration duration) {
        return new Outcome(OutcomeKind.FAILED, null, null, Objects.requireNonNull(sqlState, "sqlState"),
                Objects.requireNonNull(message, "message"), duration);
    }

    /** EmptyQueryResponse. */
    public static Outcome emptyQuery(Duration duration) {
        return new Outcome(OutcomeKind.EMPTY_QUERY, null, null, null, null, duration);
    }

    /** PortalSuspended: the row limit of an Execute was reached; {@code rows} were sent. */
    public static Outcome suspended(long rows, Duration duration) {
        return new Outcome(OutcomeKind.SUSPENDED, null, rows, null, null, duration);
    }

    private static Long rowsOf(String tag) {
        int space = tag.lastIndexOf(' ');
        if (space < 0) {
            return null;
        }
        try {
            return Long.parseLong(tag.substring(space + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
