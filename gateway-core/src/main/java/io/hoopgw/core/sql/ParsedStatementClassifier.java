package io.hoopgw.core.sql;

import io.hoopgw.core.sql.Classification.Flag;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.AlterView;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.delete.ParenthesedDelete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.insert.ParenthesedInsert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.ParenthesedUpdate;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.upsert.Upsert;

/**
 * Classifies statements JSqlParser reads: queries, DML and DDL. One statement at a time, through
 * {@code parseStatements} (never {@code parse}, which silently drops what follows the first statement); anything
 * that does not come back as exactly one statement is unknown.
 */
final class ParsedStatementClassifier {
    private static final Set<String> DDL_KEYWORDS = Set.of("create", "alter", "drop", "comment");
    private static final Set<String> QUERY_KEYWORDS = Set.of("select", "with", "values", "(");

    private ParsedStatementClassifier() {
    }

    static Classification classify(SqlStatement statement) {
        return classify(statement, true);
    }

    /**
     * @param fast whether to parse the {@linkplain NormalizedSql#forParser collapsed} text, with JSqlParser's simple
     *             grammar first (its complex one only when that fails, as JSqlParser's own {@code parse} does);
     *             false parses every CASE with the complex grammar (the reference the fast path is tested against)
     */
    static Classification classify(SqlStatement statement, boolean fast) {
        String keyword = statement.keyword();
        Statement parsed;
        try {
            Statements statements = fast ? parseFast(NormalizedSql.forParser(statement.tokens()))
                    : parse(NormalizedSql.of(statement.tokens()), true);
            if (statements == null || statements.size() != 1) {
                return unparsed(statement, "parser found " + (statements == null ? 0 : statements.size())
                        + " statements in one");
            }
            parsed = statements.get(0);
        } catch (JSQLParserException | RuntimeException e) {
            return unparsed(statement, "parser: " + firstLine(e));
        }
        ClassificationBuilder builder = new ClassificationBuilder(statement, StatementClass.UNKNOWN, "parsed");
        Set<RelationName> named = new HashSet<>();
        Set<String> notFunctions = new HashSet<>();
        Set<RelationName> writes = new HashSet<>();
        StatementClass statementClass = classOf(parsed, writes, notFunctions, builder);
        boolean treeWalked = TreeWalk.walk(parsed, named, builder);
        if (statementClass == StatementClass.READ && (QUERY_KEYWORDS.contains(keyword)
                || statement.tokens().get(0).isSymbol("("))) {
            statementClass = WriteMarkers.inQuery(statement.tokens()) ? StatementClass.WRITE : StatementClass.READ;
        } else if (statementClass == StatementClass.READ) {
            statementClass = StatementClass.UNKNOWN;
        } else if (statementClass == StatementClass.UNKNOWN && DDL_KEYWORDS.contains(keyword)) {
            return unparsed(statement, "parser read no known " + keyword + " statement");
        }
        if (statementClass != StatementClass.READ && !treeWalked && statementClass != StatementClass.DDL) {
            return unparsed(statement, "parser tree could not be walked");
        }
        builder.statementClass(statementClass);
        writes.forEach(builder::write);
        for (RelationName relation : named) {
            notFunctions.add(relation.name());
            notFunctions.add(relation.toString());
            if (!writes.contains(relation)) {
                builder.read(relation);
            }
        }
        // The tree misses calls in places it keeps as text (column defaults, window calls): add the token scan's.
        builder.functions(FunctionScan.calls(statement.tokens(), notFunctions));
        return builder.build();
    }

    /**
     * JSqlParser's simple grammar, then its complex one if that fails. The simple one is about twice as fast and
     * reads almost everything clients send; the complex one adds the look-ahead some nestings need.
     */
    private static Statements parseFast(String sql) throws JSQLParserException {
        try {
            return parse(sql, false);
        } catch (JSQLParserException | RuntimeException e) {
            return parse(sql, true);
        }
    }

    private static Statements parse(String sql, boolean complex) throws JSQLParserException {
        return CCJSqlParserUtil.parseStatements(CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(complex),
                CallingThreadExecutor.INSTANCE);
    }

    private static StatementClass classOf(Statement parsed, Set<RelationName> writes, Set<String> notFunctions,
                                          ClassificationBuilder builder) {
        if (parsed instanceof Select select) {
            withItems(select.getWithItemsList(), writes, notFunctions);
            if (select instanceof PlainSelect plain && plain.getIntoTables() != null) {
                plain.getIntoTables().forEach(table -> writes.add(ParseTreeNames.relation(table)));
            }
            return writes.isEmpty() ? StatementClass.READ : StatementClass.WRITE;
        }
        if (parsed instanceof Insert insert) {
            withItems(insert.getWithItemsList(), writes, notFunctions);
            writes.add(ParseTreeNames.relation(insert.getTable()));
            return StatementClass.WRITE;
        }
        if (parsed instanceof Update update) {
            withItems(update.getWithItemsList(), writes, notFunctions);
            writes.add(ParseTreeNames.relation(update.getTable()));
            if (update.getWhere() == null) {
                builder.flag(Flag.NO_WHERE);
            } else {
                builder.read(ParseTreeNames.relation(update.getTable()));
            }
            return StatementClass.WRITE;
        }
        if (parsed instanceof Delete delete) {
            withItems(delete.getWithItemsList(), writes, notFunctions);
            writes.add(ParseTreeNames.relation(delete.getTable()));
            if (delete.getWhere() == null) {
                builder.flag(Flag.NO_WHERE);
            } else {
                builder.read(ParseTreeNames.relation(delete.getTable()));
            }
            return StatementClass.WRITE;
        }
        if (parsed instanceof Merge merge) {
            writes.add(ParseTreeNames.relation(merge.getTable()));
            return StatementClass.WRITE;
        }
        if (parsed instanceof Upsert) {
            return StatementClass.WRITE;
        }
        return ddlClass(parsed, writes);
    }

    private static StatementClass ddlClass(Statement parsed, Set<RelationName> writes) {
        if (parsed instanceof CreateTable create) {
            writes.add(ParseTreeNames.relation(create.getTable()));
        } else if (parsed instanceof CreateView view) {
            writes.add(ParseTreeNames.relation(view.getView()));
        } else if (parsed instanceof AlterView view) {
            writes.add(ParseTreeNames.relation(view.getView()));
        } else if (parsed instanceof Alter alter) {
            writes.add(ParseTreeNames.relation(alter.getTable()));
        } else if (parsed instanceof CreateIndex index) {
            writes.add(ParseTreeNames.relation(index.getTable()));
        } else if (parsed instanceof Drop drop) {
            String type = drop.getType() == null ? "" : drop.getType().toLowerCase(java.util.Locale.ROOT);
            if (type.contains("table") || type.contains("view")) {
                writes.add(ParseTreeNames.relation(drop.getName()));
            }
        }
        String packageName = parsed.getClass().getPackageName();
        boolean ddl = packageName.startsWith("net.sf.jsqlparser.statement.create")
                || packageName.startsWith("net.sf.jsqlparser.statement.alter")
                || packageName.startsWith("net.sf.jsqlparser.statement.drop")
                || packageName.startsWith("net.sf.jsqlparser.statement.comment");
        return ddl ? StatementClass.DDL : StatementClass.UNKNOWN;
    }

    /** Records the targets of data-modifying CTEs as writes, and every CTE name as no function. */
    private static void withItems(List<WithItem<?>> items, Set<RelationName> writes, Set<String> notFunctions) {
        if (items == null) {
            return;
        }
        for (WithItem<?> item : items) {
            if (item.getAliasName() != null) {
                notFunctions.add(ParseTreeNames.identifier(item.getAliasName()));
            }
            Object body = item.getParenthesedStatement();
            Table target = null;
            if (body instanceof ParenthesedInsert insert) {
                target = insert.getInsert().getTable();
            } else if (body instanceof ParenthesedUpdate update) {
                target = update.getUpdate().getTable();
            } else if (body instanceof ParenthesedDelete delete) {
                target = delete.getDelete().getTable();
            }
            if (target != null) {
                writes.add(ParseTreeNames.relation(target));
            }
        }
    }

    /**
     * A statement the parser cannot read. DDL stays DDL (its key word says what it is), with the functions the
     * token scan finds; everything else is unknown.
     */
    private static Classification unparsed(SqlStatement statement, String reason) {
        StatementClass statementClass = DDL_KEYWORDS.contains(statement.keyword())
                ? StatementClass.DDL : StatementClass.UNKNOWN;
        return new ClassificationBuilder(statement, statementClass, reason)
                .functions(FunctionScan.calls(statement.tokens(), Set.of())).build();
    }

    private static String firstLine(Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = String.valueOf(cause.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
