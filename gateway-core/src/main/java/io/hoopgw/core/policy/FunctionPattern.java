package io.hoopgw.core.policy;

import java.util.Objects;

/**
 * A function name pattern such as {@code lower}, {@code dblink*} or {@code myschema.*}. An unqualified pattern
 * matches unqualified calls and calls qualified with {@code pg_catalog} (where every built-in lives); a qualified
 * pattern matches only calls qualified with a matching schema.
 *
 * @param schema the schema part, or null for an unqualified pattern
 * @param name   the function part
 */
public record FunctionPattern(String schema, String name) {
    public FunctionPattern {
        Objects.requireNonNull(name, "name");
    }

    /**
     * Parses {@code name} or {@code schema.name}.
     *
     * @throws IllegalArgumentException when a part is empty or there are more than two
     */
    public static FunctionPattern parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length > 2 || parts[0].isEmpty() || parts[parts.length - 1].isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not a function name or schema.name");
        }
        return parts.length == 1 ? new FunctionPattern(null, parts[0]) : new FunctionPattern(parts[0], parts[1]);
    }

    /** Whether this pattern matches a called function, as the classifier reports it ({@code name} or {@code s.name}). */
    public boolean matches(String function) {
        int dot = function.lastIndexOf('.');
        String calledSchema = dot < 0 ? null : function.substring(0, dot);
        String calledName = dot < 0 ? function : function.substring(dot + 1);
        if (!Glob.matches(name, calledName)) {
            return false;
        }
        if (schema == null) {
            return calledSchema == null || calledSchema.equals("pg_catalog");
        }
        return calledSchema != null && Glob.matches(schema, calledSchema);
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }
}
