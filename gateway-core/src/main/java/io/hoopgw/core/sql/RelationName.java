package io.hoopgw.core.sql;

import java.util.Objects;

/**
 * A relation a statement names, as PostgreSQL will look it up: unquoted parts folded to lower case, quoted parts
 * exact.
 *
 * @param schema the schema as written, or null when the name is unqualified (the search path decides)
 * @param name   the relation's name
 */
public record RelationName(String schema, String name) {
    public RelationName {
        Objects.requireNonNull(name, "name");
    }

    /** Whether the statement named the schema. */
    public boolean qualified() {
        return schema != null;
    }

    /** {@code schema.name}, or {@code name} when unqualified. */
    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }
}
