package io.hoopgw.core.policy;

import io.hoopgw.core.sql.RelationName;
import java.util.List;
import java.util.Objects;

/**
 * A schema-qualified relation pattern such as {@code payments.*}, {@code public.customers} or {@code *.*}; {@code *}
 * matches any run of characters within its part. Names compare exactly as PostgreSQL stores them (unquoted names
 * are lower case).
 *
 * @param schema the schema part
 * @param name   the relation part
 */
public record RelationPattern(String schema, String name) {
    public RelationPattern {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    /**
     * Parses {@code schema.name}.
     *
     * @throws IllegalArgumentException when the text is not two non-empty parts separated by one dot
     */
    public static RelationPattern parse(String text) {
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1 || text.indexOf('.', dot + 1) >= 0) {
            throw new IllegalArgumentException("'" + text + "' is not schema.relation (use * as a wildcard, "
                    + "e.g. payments.* or *.*)");
        }
        return new RelationPattern(text.substring(0, dot), text.substring(dot + 1));
    }

    /**
     * Whether this pattern matches {@code relation}. An unqualified name matches when it would match in any of
     * {@code unqualifiedSchemas}, the schemas the policy assumes the search path holds.
     */
    public boolean matches(RelationName relation, List<String> unqualifiedSchemas) {
        if (!Glob.matches(name, relation.name())) {
            return false;
        }
        if (relation.qualified()) {
            return Glob.matches(schema, relation.schema());
        }
        return unqualifiedSchemas.stream().anyMatch(candidate -> Glob.matches(schema, candidate));
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
