package io.hoopgw.core.policy;

import java.util.List;

/** A policy configuration that cannot be used; {@link #problems()} names each key and what is wrong with it. */
public final class PolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** @param problems one line per problem, each starting with the key's path */
    public PolicyException(List<String> problems) {
        super("invalid policy: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, each as {@code <key path>: <reason>}. */
    public List<String> problems() {
        return problems;
    }
}
