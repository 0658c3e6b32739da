package io.hoopgw.core.sql;

import java.util.List;

/**
 * Re-renders a statement's tokens as text JSqlParser reads the way PostgreSQL does. Comments are gone, every
 * string becomes a plain {@code '...'} literal whose content holds no quote or backslash (so no escape rule of
 * JSqlParser's own can move a string's end), identifiers are re-quoted from their decoded names, and psql's
 * {@code OPERATOR(pg_catalog.~)} becomes the bare operator, and {@code COLLATE} clauses are dropped.
 *
 * <p>{@link #forParser} also replaces each {@code CASE ... END} without a parenthesis in it by {@code NULL}.
 * JSqlParser's look-ahead makes CASE expressions its most expensive construct (pgjdbc's {@code getTables} query,
 * nine of them, took 6 ms of its 7 ms to parse), and a CASE with no parenthesis inside can hold only names,
 * literals, operators and key words: no subquery, no function call, nothing a policy looks for. The token rules,
 * the write markers and the function scan still see the statement's tokens as written.
 */
final class NormalizedSql {
    private NormalizedSql() {
    }

    /** The tokens as text for JSqlParser, every CASE expression kept. */
    static String of(List<Token> tokens) {
        return render(tokens, false);
    }

    /** The tokens as text for JSqlParser, with CASE expressions that cannot hold a call or subquery as NULL. */
    static String forParser(List<Token> tokens) {
        return render(tokens, true);
    }

    private static String render(List<Token> tokens, boolean collapseCase) {
        StringBuilder text = new StringBuilder();
        int previousEnd = -1;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (previousEnd >= 0 && token.start() > previousEnd) {
                text.append(' ');
            }
            previousEnd = token.end();
            if (collapseCase && token.isWord("case")) {
                int end = plainCaseEnd(tokens, i);
                if (end > i) {
                    text.append("NULL");
                    previousEnd = tokens.get(end).end();
                    i = end;
                    continue;
                }
            }
            if (token.isWord("operator") && i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("(")) {
                int close = closing(tokens, i + 1);
                if (close > i + 2) {
                    text.append(tokens.get(close - 1).value());
                    previousEnd = tokens.get(close).end();
                    i = close;
                    continue;
                }
            }
            if (token.isWord("collate") && i + 1 < tokens.size() && tokens.get(i + 1).isName()) {
                // A collation cannot call or name anything policy cares about, and JSqlParser reads few of the
                // places PostgreSQL allows one (psql writes "'^(t)$' COLLATE pg_catalog.default"): drop it.
                i += tokens.size() > i + 3 && tokens.get(i + 2).isSymbol(".") ? 3 : 1;
                previousEnd = tokens.get(i).end();
                continue;
            }
            text.append(render(token));
        }
        return text.toString();
    }

    /**
     * The index of the {@code END} closing the CASE at {@code start} (nested CASEs included) when no parenthesis,
     * bracket or semicolon comes before it; -1 otherwise.
     */
    private static int plainCaseEnd(List<Token> tokens, int start) {
        int depth = 0;
        for (int i = start; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isSymbol("(") || token.isSymbol(")") || token.isSymbol(";")) {
                return -1;
            }
            if (token.isWord("case")) {
                depth++;
            } else if (token.isWord("end") && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int closing(List<Token> tokens, int open) {
        for (int i = open + 1; i < tokens.size(); i++) {
            if (tokens.get(i).isSymbol(")")) {
                return i;
            }
            if (tokens.get(i).isSymbol("(")) {
                return -1;
            }
        }
        return -1;
    }

    private static String render(Token token) {
        return switch (token.kind()) {
            case STRING -> "'" + safe(token.value()) + "'";
            case BIT_STRING -> "B'" + safe(token.value()) + "'";
            case QUOTED_IDENTIFIER -> "\"" + token.value().replace("\"", "\"\"") + "\"";
            default -> token.value();
        };
    }

    /** The content with quotes and backslashes replaced: classification never depends on a literal's content. */
    private static String safe(String value) {
        return value.replace('\'', '_').replace('\\', '_');
    }
}
