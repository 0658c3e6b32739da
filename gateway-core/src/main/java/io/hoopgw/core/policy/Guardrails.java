package io.hoopgw.core.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits that hold for every identity, whatever the rules allow.
 *
 * @param requireWhere          refuse UPDATE and DELETE without a WHERE clause
 * @param maxStatementLength    the longest statement, in characters, that may run
 * @param maxStatementsPerQuery the most statements one simple Query may carry
 * @param maxRows               the most rows a statement may return before the gateway stops it with an error; 0
 *                              for no limit (the gateway enforces this while relaying)
 * @param statementTimeout      how long a statement may run before the gateway cancels it; zero for no limit (the
 *                              gateway enforces this with a CancelRequest)
 */
public record Guardrails(boolean requireWhere, int maxStatementLength, int maxStatementsPerQuery, long maxRows,
                         Duration statementTimeout) {
    /** The defaults: WHERE required, 1 MiB statements, 50 statements per Query, no row or time limit. */
    public static final Guardrails DEFAULT = new Guardrails(true, 1 << 20, 50, 0, Duration.ZERO);

    public Guardrails {
        if (maxStatementLength < 1) {
            throw new IllegalArgumentException("maximum statement length must be positive");
        }
        if (maxStatementsPerQuery < 1) {
            throw new IllegalArgumentException("maximum statements per query must be positive");
        }
        if (maxRows < 0) {
            throw new IllegalArgumentException("maximum rows must not be negative");
        }
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        if (statementTimeout.isNegative()) {
            throw new IllegalArgumentException("statement timeout must not be negative");
        }
    }
}
