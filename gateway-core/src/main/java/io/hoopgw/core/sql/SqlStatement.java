package io.hoopgw.core.sql;

import java.util.List;
import java.util.Objects;

/**
 * One statement of a simple Query, as PostgreSQL's parser would cut it out, or the whole Query when it cannot be
 * lexed.
 *
 * @param text     the statement's source text, without the terminating semicolon (the whole input when
 *                 unlexable)
 * @param tokens   its tokens, without the terminating semicolon; empty when unlexable
 * @param lexError why the input cannot be lexed, or null when it can
 */
public record SqlStatement(String text, List<Token> tokens, String lexError) {
    public SqlStatement {
        Objects.requireNonNull(text, "text");
        tokens = List.copyOf(tokens);
    }

    /** Whether PostgreSQL would reject the Query this came from while lexing it; such a statement is unknown. */
    public boolean unlexable() {
        return lexError != null;
    }

    /** The first token's value when it is a word (the command's key word), else the empty string. */
    public String keyword() {
        return tokens.isEmpty() || tokens.get(0).kind() != TokenKind.WORD ? "" : tokens.get(0).value();
    }
}
