package io.hoopgw.core.sql;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Walks a JSqlParser tree for the relations it names and the functions it calls, everywhere the tree reaches:
 * select lists, joins, subqueries, CTEs, casts, CASE arms, function arguments.
 */
final class ParseTreeNames extends TablesNamesFinder<Void> {
    private final Set<String> functions = new LinkedHashSet<>();

    ParseTreeNames() {
        init(false);
    }

    Set<String> functions() {
        return functions;
    }

    @Override
    public <S> Void visit(Function function, S context) {
        List<String> parts = function.getMultipartName();
        if (parts != null && !parts.isEmpty()) {
            functions.add(String.join(".", parts.stream().map(ParseTreeNames::identifier).toList()));
        }
        return super.visit(function, context);
    }

    /** The relation a table reference names, as PostgreSQL resolves its parts. */
    static RelationName relation(Table table) {
        String schema = table.getSchemaName();
        return new RelationName(schema == null ? null : identifier(schema), identifier(table.getName()));
    }

    /** A relation from a finder result such as {@code public.customers} or {@code "My Schema".t}. */
    static RelationName relation(String qualified) {
        List<String> parts = splitQualified(qualified);
        String name = parts.get(parts.size() - 1);
        String schema = parts.size() > 1 ? parts.get(parts.size() - 2) : null;
        return new RelationName(schema, name);
    }

    private static List<String> splitQualified(String qualified) {
        List<String> parts = new java.util.ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < qualified.length(); i++) {
            char c = qualified.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                part.append(c);
            } else if (c == '.' && !quoted) {
                parts.add(identifier(part.toString()));
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(identifier(part.toString()));
        return parts;
    }

    /** An identifier as written in normalized SQL: quoted means exact, unquoted was already folded. */
    static String identifier(String written) {
        if (written.length() >= 2 && written.startsWith("\"") && written.endsWith("\"")) {
            return written.substring(1, written.length() - 1).replace("\"\"", "\"");
        }
        return SqlLexer.foldAscii(written);
    }
}
