package io.hoopgw.core.sql;

import io.hoopgw.core.sql.Classification.Flag;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/** Collects a statement's class, relations, functions and flags, then freezes them into a {@link Classification}. */
final class ClassificationBuilder {
    private final SqlStatement statement;
    private StatementClass statementClass;
    private final Set<RelationName> reads = new LinkedHashSet<>();
    private final Set<RelationName> writes = new LinkedHashSet<>();
    private final Set<String> functions = new LinkedHashSet<>();
    private final Set<Flag> flags = EnumSet.noneOf(Flag.class);
    private String detail;

    ClassificationBuilder(SqlStatement statement, StatementClass statementClass, String detail) {
        this.statement = statement;
        this.statementClass = statementClass;
        this.detail = detail;
    }

    StatementClass statementClass() {
        return statementClass;
    }

    ClassificationBuilder statementClass(StatementClass value) {
        statementClass = value;
        return this;
    }

    ClassificationBuilder detail(String value) {
        detail = value;
        return this;
    }

    ClassificationBuilder read(RelationName relation) {
        if (relation != null) {
            reads.add(relation);
        }
        return this;
    }

    ClassificationBuilder write(RelationName relation) {
        if (relation != null) {
            writes.add(relation);
        }
        return this;
    }

    ClassificationBuilder functions(Set<String> names) {
        functions.addAll(names);
        return this;
    }

    ClassificationBuilder flag(Flag flag) {
        flags.add(flag);
        return this;
    }

    /** Takes on everything another classification (of an inner statement) found, except its class. */
    ClassificationBuilder absorb(Classification inner) {
        reads.addAll(inner.reads());
        writes.addAll(inner.writes());
        functions.addAll(inner.functions());
        flags.addAll(inner.flags());
        return this;
    }

    Classification build() {
        return new Classification(statement, statementClass, reads, writes, functions, flags, detail);
    }
}
