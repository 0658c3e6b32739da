package io.hoopgw.core.mask;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which columns a column rule selects: either schema-qualified, {@code schema.table.column}, each part a glob
 * ({@code *} any run of characters, {@code ?} one), or a bare column-name glob that selects that column name in any
 * table and also result columns of that name (an alias or expression). Matching ignores case, since unquoted
 * identifiers are folded and a rule should not be bypassed by quoting. Parts are split at dots, so identifiers
 * containing dots cannot be named.
 *
 * @param schema the schema glob, or {@code null} for a bare column-name pattern
 * @param table  the table glob, or {@code null} for a bare column-name pattern
 * @param column the column glob
 */
public record ColumnPattern(String schema, String table, String column) {
    private static final Pattern PART = Pattern.compile("[^.]+");

    /** Checks the parts. */
    public ColumnPattern {
        if ((schema == null) != (table == null)) {
            throw new IllegalArgumentException("schema and table are given together or not at all");
        }
        for (String part : new String[] {schema, table, column}) {
            if (part != null && !PART.matcher(part).matches()) {
                throw new IllegalArgumentException("a pattern part must be non-empty and contain no dot: '"
                        + part + "'");
            }
        }
    }

    /**
     * Parses {@code schema.table.column} or a bare column name, each part a glob.
     *
     * @throws IllegalArgumentException for an empty part or two parts ({@code table.column} is ambiguous about the
     *     schema: write {@code *.table.column})
     */
    public static ColumnPattern parse(String text) {
        String[] parts = text.split("\\.", -1);
        switch (parts.length) {
            case 1:
                return new ColumnPattern(null, null, parts[0]);
            case 3:
                return new ColumnPattern(parts[0], parts[1], parts[2]);
            default:
                throw new IllegalArgumentException("must be schema.table.column or a column name (write *.table.column"
                        + " for a table in any schema), not '" + text + "'");
        }
    }

    /** Whether a schema and table are named. */
    public boolean qualified() {
        return schema != null;
    }

    /**
     * Whether this pattern selects a result column.
     *
     * @param sourceSchema the schema of the table the column comes from, or {@code null} if not a table column
     * @param sourceTable  that table's name, or {@code null}
     * @param sourceColumn the table column's name, or {@code null}
     * @param resultName   the column's name in the result (RowDescription), or {@code null}
     */
    public boolean matches(String sourceSchema, String sourceTable, String sourceColumn, String resultName) {
        if (qualified()) {
            return sourceSchema != null && sourceTable != null && sourceColumn != null
                    && glob(schema, sourceSchema) && glob(table, sourceTable) && glob(column, sourceColumn);
        }
        return sourceColumn != null && glob(column, sourceColumn) || resultName != null && glob(column, resultName);
    }

    /** Glob matching without regular expressions, so no pattern can be expensive; case-insensitive. */
    static boolean glob(String pattern, String text) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String t = text.toLowerCase(Locale.ROOT);
        int pi = 0;
        int ti = 0;
        int starPattern = -1;
        int starText = 0;
        while (ti < t.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == t.charAt(ti))) {
                pi++;
                ti++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                starPattern = pi++;
                starText = ti;
            } else if (starPattern >= 0) {
                pi = starPattern + 1;
                ti = ++starText;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    @Override
    public String toString() {
        return qualified() ? schema + "." + table + "." + column : column;
    }
}
