package io.hoopgw.core.mask;

import java.util.Objects;
import java.util.Set;

/**
 * Masks whole values of the columns {@code target} selects, wherever they appear in a result.
 *
 * @param name         the rule's unique name
 * @param target       which columns
 * @param strategy     how their values are replaced
 * @param exemptGroups groups the rule does not apply to; copied
 */
public record ColumnRule(String name, ColumnPattern target, MaskStrategy strategy, Set<String> exemptGroups)
        implements MaskRule {
    /** Checks for nulls and copies the groups. */
    public ColumnRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(strategy, "strategy");
        exemptGroups = Set.copyOf(exemptGroups);
    }
}
