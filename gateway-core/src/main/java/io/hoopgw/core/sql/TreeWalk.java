package io.hoopgw.core.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Runs {@link ParseTreeNames} over a parsed statement. JSqlParser's finder refuses some shapes as a whole (a
 * data-modifying CTE, CREATE INDEX); a statement with CTEs is then walked one CTE body at a time plus its main
 * part, so that only a statement no part of which can be walked loses its names.
 */
final class TreeWalk {
    private TreeWalk() {
    }

    /** Adds the names found to {@code named} and the calls to {@code builder}; false when the walk failed. */
    static boolean walk(Statement parsed, Set<RelationName> named, ClassificationBuilder builder) {
        if (walkOne(parsed, named, builder)) {
            return true;
        }
        List<WithItem<?>> items = withItems(parsed);
        if (items == null || items.isEmpty()) {
            return false;
        }
        List<Statement> parts = new ArrayList<>();
        for (WithItem<?> item : items) {
            Object body = item.getParenthesedStatement();
            if (body instanceof ParenthesedInsert insert) {
                parts.add(insert.getInsert());
            } else if (body instanceof ParenthesedUpdate update) {
                parts.add(update.getUpdate());
            } else if (body instanceof ParenthesedDelete delete) {
                parts.add(delete.getDelete());
            } else if (body instanceof Statement statement) {
                parts.add(statement);
            } else {
                return false;
            }
        }
        setWithItems(parsed, null);
        try {
            parts.add(parsed);
            for (Statement part : parts) {
                if (!walkOne(part, named, builder)) {
                    return false;
                }
            }
            // Walked without its WITH list, the main part takes references to CTEs for tables.
            for (WithItem<?> item : items) {
                if (item.getAliasName() != null) {
                    named.remove(new RelationName(null, ParseTreeNames.identifier(item.getAliasName())));
                }
            }
            return true;
        } finally {
            setWithItems(parsed, items);
        }
    }

    private static boolean walkOne(Statement statement, Set<RelationName> named, ClassificationBuilder builder) {
        try {
            ParseTreeNames names = new ParseTreeNames();
            names.getTables(statement).forEach(table -> named.add(ParseTreeNames.relation(table)));
            builder.functions(FunctionScan.withoutSyntax(names.functions()));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static List<WithItem<?>> withItems(Statement parsed) {
        if (parsed instanceof Select select) {
            return select.getWithItemsList();
        }
        if (parsed instanceof Insert insert) {
            return insert.getWithItemsList();
        }
        if (parsed instanceof Update update) {
            return update.getWithItemsList();
        }
        if (parsed instanceof Delete delete) {
            return delete.getWithItemsList();
        }
        return null;
    }

    private static void setWithItems(Statement parsed, List<WithItem<?>> items) {
        if (parsed instanceof Select select) {
            select.setWithItemsList(items);
        } else if (parsed instanceof Insert insert) {
            insert.setWithItemsList(items);
        } else if (parsed instanceof Update update) {
            update.setWithItemsList(items);
        } else if (parsed instanceof Delete delete) {
            delete.setWithItemsList(items);
        }
    }
}
