package io.hoopgw.core.mask;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The masking rules are invalid. Lists every problem found, each naming the key, the rule and the reason, one per
 * line; the caller adds the file name. Any problem rejects the whole configuration: the gateway never starts with
 * some rules dropped. Never contains a hash key.
 */
public final class MaskConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<Problem> problems;

    /**
     * @param problems at least one problem
     */
    public MaskConfigException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
        if (this.problems.isEmpty()) {
            throw new IllegalArgumentException("a MaskConfigException needs at least one problem");
        }
    }

    /** Every problem, in the order the rules were read. */
    public List<Problem> problems() {
        return problems;
    }

    /**
     * One problem with one key of one rule.
     *
     * @param key    the dotted key path, e.g. {@code masking.rules[2].pattern}
     * @param rule   the rule's name, or {@code null} when it has none (yet)
     * @param reason what is wrong and, where it helps, what would be right
     */
    public record Problem(String key, String rule, String reason) {
        /** Checks for nulls. */
        public Problem {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(reason, "reason");
        }

        /** {@code key (rule 'name'): reason}, or {@code key: reason} without a rule name. */
        @Override
        public String toString() {
            return rule == null ? key + ": " + reason : key + " (rule '" + rule + "'): " + reason;
        }
    }
}
