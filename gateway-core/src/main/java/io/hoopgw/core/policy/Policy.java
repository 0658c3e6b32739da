package io.hoopgw.core.policy;

import java.util.List;
import java.util.Objects;

/**
 * A whole policy, immutable. Load one from configuration with {@link PolicyLoader}.
 *
 * @param rules              rules in configuration order (denials are reported from the first rule that denies)
 * @param guardrails         limits for everyone
 * @param defaultFunctions   the function allow-list every rule starts from; {@link DefaultFunctions#PATTERNS} unless
 *                           configured otherwise, empty to allow only what rules list
 * @param unqualifiedSchemas the schemas an unqualified relation name is assumed to resolve in
 */
public record Policy(List<PolicyRule> rules, Guardrails guardrails, List<FunctionPattern> defaultFunctions,
                     List<String> unqualifiedSchemas) {
    public Policy {
        rules = List.copyOf(rules);
        Objects.requireNonNull(guardrails, "guardrails");
        defaultFunctions = List.copyOf(defaultFunctions);
        unqualifiedSchemas = List.copyOf(unqualifiedSchemas);
    }
}
