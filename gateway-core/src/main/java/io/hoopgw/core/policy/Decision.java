package io.hoopgw.core.policy;

import io.hoopgw.core.sql.Classification;
import java.util.List;
import java.util.Objects;

/**
 * Whether a Query (or one statement of it) may reach the database, and why.
 *
 * @param allowed    true when every statement may run
 * @param rule       the rule that made the decision: a rule name, {@value #NO_RULE} when no rule applies,
 *                   or {@code guardrail:<name>} when a guardrail refused
 * @param message    a sentence for the client and the log, e.g. {@code hoopgw: policy denies write on
 *                   public.customers for groups [analysts] (rule: analysts-read-only)}
 * @param statements the classified statements the decision covers, in order
 */
public record Decision(boolean allowed, String rule, String message, List<Classification> statements) {
    /** The rule name reported when no rule applies to the identity and target. */
    public static final String NO_RULE = "default-deny";

    public Decision {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
        statements = List.copyOf(statements);
    }
}
