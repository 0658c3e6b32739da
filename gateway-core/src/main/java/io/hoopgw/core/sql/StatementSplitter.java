package io.hoopgw.core.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a simple Query into the statements PostgreSQL will run, at the semicolons its grammar treats as
 * separators.
 *
 * <p>Only a semicolon outside quotes and comments separates, and not inside the {@code BEGIN ATOMIC ... END} body
 * of a {@code CREATE FUNCTION} or {@code CREATE PROCEDURE}. Empty statements ({@code ;;}) are dropped, as the
 * server drops them. A Query that cannot be lexed becomes one {@linkplain SqlStatement#unlexable() unlexable}
 * statement holding all of it: PostgreSQL runs none of such a Query, and no split of it may be trusted.
 */
public final class StatementSplitter {
    private StatementSplitter() {
    }

    /**
     * The statements of {@code sql}, in order.
     *
     * @param standardConformingStrings the session's {@code standard_conforming_strings} as last reported by the
     *                                  server's ParameterStatus
     */
    public static List<SqlStatement> split(String sql, boolean standardConformingStrings) {
        List<Token> tokens;
        try {
            tokens = SqlLexer.tokenize(sql, standardConformingStrings);
        } catch (SqlLexException e) {
            return List.of(new SqlStatement(sql, List.of(), e.getMessage()));
        }
        List<SqlStatement> statements = new ArrayList<>();
        int first = 0;
        int atomicDepth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isSymbol(";") && atomicDepth == 0) {
                add(sql, tokens.subList(first, i), statements);
                first = i + 1;
            } else if (token.kind() == TokenKind.WORD) {
                atomicDepth = atomicDepth(tokens, first, i, atomicDepth);
            }
        }
        add(sql, tokens.subList(first, tokens.size()), statements);
        return List.copyOf(statements);
    }

    /** Tracks {@code BEGIN ATOMIC}, and the {@code CASE ... END} pairs inside it, so its END is found. */
    private static int atomicDepth(List<Token> tokens, int first, int i, int depth) {
        Token token = tokens.get(i);
        if (depth == 0) {
            boolean opensBody = token.isWord("begin") && i + 1 < tokens.size() && tokens.get(i + 1).isWord("atomic");
            return opensBody && createsRoutine(tokens, first) ? 1 : 0;
        }
        if (token.isWord("case")) {
            return depth + 1;
        }
        return token.isWord("end") ? depth - 1 : depth;
    }

    /** Whether the statement starting at {@code first} is CREATE [OR REPLACE] FUNCTION or PROCEDURE. */
    private static boolean createsRoutine(List<Token> tokens, int first) {
        int i = first;
        if (i >= tokens.size() || !tokens.get(i).isWord("create")) {
            return false;
        }
        i++;
        if (i + 1 < tokens.size() && tokens.get(i).isWord("or") && tokens.get(i + 1).isWord("replace")) {
            i += 2;
        }
        return i < tokens.size() && (tokens.get(i).isWord("function") || tokens.get(i).isWord("procedure"));
    }

    private static void add(String sql, List<Token> tokens, List<SqlStatement> statements) {
        if (tokens.isEmpty()) {
            return;
        }
        String text = sql.substring(tokens.get(0).start(), tokens.get(tokens.size() - 1).end());
        statements.add(new SqlStatement(text, tokens, null));
    }
}
