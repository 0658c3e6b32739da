package io.hoopgw.core.mask;

import java.util.Objects;
import java.util.Set;

/**
 * Masks every match of {@code detector} inside any text value of any result, whatever column or expression it came
 * from; only the match is replaced.
 *
 * @param name         the rule's unique name
 * @param detector     what it finds
 * @param strategy     how matches are replaced; never {@link NullStrategy} (a match inside a text cannot be NULL)
 * @param exemptGroups groups the rule does not apply to; copied
 */
public record DetectorRule(String name, ValueDetector detector, MaskStrategy strategy, Set<String> exemptGroups)
        implements MaskRule {
    /**
     * Checks for nulls and copies the groups.
     *
     * @throws IllegalArgumentException for the {@code null} strategy
     */
    public DetectorRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(strategy, "strategy");
        if (strategy instanceof NullStrategy) {
            throw new IllegalArgumentException("the null strategy applies to column rules only");
        }
        exemptGroups = Set.copyOf(exemptGroups);
    }
}
