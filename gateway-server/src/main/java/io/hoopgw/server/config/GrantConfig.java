package io.hoopgw.server.config;

import java.util.Objects;
import java.util.Set;

/**
 * Lets members of any of {@code groups} use any of {@code roles} on any of {@code targets}.
 *
 * @param name    a unique name, cited when access is granted (audit) so a decision can be traced to its rule
 * @param groups  gateway groups (from the identity), at least one
 * @param targets target names, or the single entry {@value #ANY} for every target
 * @param roles   role names, or the single entry {@value #ANY} for every role of the matched target
 */
public record GrantConfig(String name, Set<String> groups, Set<String> targets, Set<String> roles) {

    /** The wildcard entry in {@code targets} or {@code roles}. */
    public static final String ANY = "*";

    public GrantConfig {
        Objects.requireNonNull(name, "name");
        groups = Set.copyOf(groups);
        targets = Set.copyOf(targets);
        roles = Set.copyOf(roles);
    }

    /** Whether this grant names {@code target}, or every target. */
    public boolean coversTarget(String target) {
        return targets.contains(ANY) || targets.contains(target);
    }

    /** Whether this grant names {@code role}, or every role. */
    public boolean coversRole(String role) {
        return roles.contains(ANY) || roles.contains(role);
    }

    /** Whether any of {@code identityGroups} is one of this grant's groups. */
    public boolean appliesToAny(Set<String> identityGroups) {
        for (String group : identityGroups) {
            if (groups.contains(group)) {
                return true;
            }
        }
        return false;
    }
}
