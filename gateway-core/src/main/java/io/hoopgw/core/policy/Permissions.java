package io.hoopgw.core.policy;

import io.hoopgw.core.sql.StatementClass;
import java.util.List;
import java.util.Set;

/**
 * One side (allow or deny) of a rule.
 *
 * @param classes   statement classes
 * @param reads     relations that may (allow) or may not (deny) be read; null in an allow means any relation
 * @param writes    relations that may or may not be written; null in an allow means any relation
 * @param functions functions that may or may not be called, beyond the policy's default allow-list
 */
public record Permissions(Set<StatementClass> classes, List<RelationPattern> reads, List<RelationPattern> writes,
                          List<FunctionPattern> functions) {

    /** Nothing: the deny side of a rule that denies nothing, or an allow that allows nothing. */
    public static final Permissions NONE = new Permissions(Set.of(), List.of(), List.of(), List.of());

    public Permissions {
        classes = Set.copyOf(classes);
        reads = reads == null ? null : List.copyOf(reads);
        writes = writes == null ? null : List.copyOf(writes);
        functions = List.copyOf(functions);
    }

    /** Whether these permissions name relations, so that unqualified names and search_path matter to them. */
    boolean restrictsRelations() {
        return (reads != null && !reads.isEmpty()) || (writes != null && !writes.isEmpty());
    }
}
