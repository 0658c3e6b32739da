package io.hoopgw.core.policy;

import java.util.Objects;
import java.util.Set;

/**
 * A named rule: what members of its groups may and may not do on its targets.
 *
 * @param name     unique; every decision names the rule that made it
 * @param groups   gateway groups the rule applies to, at least one
 * @param targets  target names, or the single entry {@value #ANY} for all
 * @param allow    what the rule allows
 * @param deny     what the rule denies; a deny beats any allow, from any rule
 * @param readOnly whether the rule's identities are read-only: their upstream sessions are opened with
 *                 {@code default_transaction_read_only = on}, and statements that would leave it are refused
 */
public record PolicyRule(String name, Set<String> groups, Set<String> targets, Permissions allow, Permissions deny,
                         boolean readOnly) {
    /** The wildcard target. */
    public static final String ANY = "*";

    public PolicyRule {
        Objects.requireNonNull(name, "name");
        groups = Set.copyOf(groups);
        targets = Set.copyOf(targets);
        Objects.requireNonNull(allow, "allow");
        Objects.requireNonNull(deny, "deny");
    }

    /** Whether the rule applies to an identity in {@code identityGroups} on {@code target}. */
    public boolean appliesTo(Set<String> identityGroups, String target) {
        if (!targets.contains(ANY) && !targets.contains(target)) {
            return false;
        }
        for (String group : identityGroups) {
            if (groups.contains(group)) {
                return true;
            }
        }
        return false;
    }
}
