package io.hoopgw.core.sql;

import java.util.List;

/**
 * Classifies COPY: to or from the client ({@code STDIN}/{@code STDOUT}) it reads or writes a table; to or from a
 * server file or a {@code PROGRAM} it is an administrator's command, whatever the table.
 */
final class CopyRule {
    private CopyRule() {
    }

    static Classification classify(SqlStatement statement, TokenRules rules) {
        List<Token> tokens = statement.tokens();
        TokenCursor cursor = new TokenCursor(tokens, 1);
        RelationName table = null;
        Classification query = null;
        if (cursor.peek(0) != null && cursor.peek(0).isSymbol("(")) {
            int open = cursor.index();
            int close = cursor.skipParenthesized();
            if (close < 0) {
                return unknown(statement, rules, "copy with an unbalanced query");
            }
            String text = close > open + 1 ? statement.text().substring(
                    tokens.get(open + 1).start() - tokens.get(0).start(),
                    tokens.get(close - 1).end() - tokens.get(0).start()) : "";
            query = close > open + 1
                    ? rules.inner(new SqlStatement(text, tokens.subList(open + 1, close), null), 0) : null;
            if (query == null) {
                return unknown(statement, rules, "copy with an empty query");
            }
        } else {
            table = cursor.relation();
            if (table == null) {
                return unknown(statement, rules, "copy without a table");
            }
            if (cursor.peek(0) != null && cursor.peek(0).isSymbol("(")) {
                cursor.skipParenthesized();
            }
        }
        boolean from = cursor.accept("from");
        if (!from && !cursor.accept("to")) {
            return unknown(statement, rules, "copy without FROM or TO");
        }
        Token endpoint = cursor.next();
        if (endpoint == null) {
            return unknown(statement, rules, "copy without a source or destination");
        }
        if (endpoint.isWord("program") || endpoint.kind() == TokenKind.STRING) {
            ClassificationBuilder builder = rules.builder(statement, StatementClass.ADMIN,
                    "copy with a server file or program");
            addRelation(builder, table, query, from);
            return builder.build();
        }
        boolean client = from ? endpoint.isWord("stdin") : endpoint.isWord("stdout");
        if (!client) {
            return unknown(statement, rules, "copy to or from " + endpoint.value());
        }
        StatementClass statementClass = from ? StatementClass.WRITE : StatementClass.READ;
        if (query != null && query.statementClass() != StatementClass.READ) {
            statementClass = query.statementClass();
        }
        ClassificationBuilder builder = rules.builder(statement, statementClass, from ? "copy from stdin"
                : "copy to stdout");
        addRelation(builder, table, query, from);
        return builder.build();
    }

    private static void addRelation(ClassificationBuilder builder, RelationName table, Classification query,
                                    boolean from) {
        if (query != null) {
            builder.absorb(query);
        } else if (from) {
            builder.write(table);
        } else {
            builder.read(table);
        }
    }

    private static Classification unknown(SqlStatement statement, TokenRules rules, String detail) {
        return rules.builder(statement, StatementClass.UNKNOWN, detail).build();
    }
}
