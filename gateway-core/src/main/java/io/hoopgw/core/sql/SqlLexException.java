package io.hoopgw.core.sql;

/**
 * A SQL string PostgreSQL's lexer would reject as a whole (an unterminated quote or comment, a zero-length quoted
 * identifier, a bad Unicode escape). PostgreSQL then runs none of it, so neither may anything that trusts a split.
 */
public final class SqlLexException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and at which offset */
    public SqlLexException(String message) {
        super(message);
    }
}
