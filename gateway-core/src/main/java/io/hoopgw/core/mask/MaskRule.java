package io.hoopgw.core.mask;

import java.util.Set;

/**
 * One configured masking rule: what it masks, with which strategy, and which groups are exempt from it.
 */
public sealed interface MaskRule permits ColumnRule, DetectorRule {

    /** The rule's unique name, used in counters, audit records and error messages. */
    String name();

    /** How matched values are replaced. */
    MaskStrategy strategy();

    /** Groups this rule does not apply to. */
    Set<String> exemptGroups();

    /** Whether the rule applies to a caller in these groups: unless one of them is exempt. */
    default boolean appliesTo(Set<String> groups) {
        for (String group : exemptGroups()) {
            if (groups.contains(group)) {
                return false;
            }
        }
        return true;
    }
}
