package io.hoopgw.core.sql;

import java.util.Objects;

/**
 * One lexical token of a SQL string.
 *
 * @param kind  what the token is
 * @param value the token's meaning: a folded word, an unescaped identifier or string, or the source text for
 *              numbers, parameters and symbols
 * @param start the offset of the token's first character in the source
 * @param end   the offset just past the token's last character
 */
public record Token(TokenKind kind, String value, int start, int end) {
    public Token {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
    }

    /** Whether this is the unquoted word {@code word} (lower case), so a quoted "select" never counts as SELECT. */
    public boolean isWord(String word) {
        return kind == TokenKind.WORD && value.equals(word);
    }

    /** Whether this is the symbol {@code symbol}. */
    public boolean isSymbol(String symbol) {
        return kind == TokenKind.SYMBOL && value.equals(symbol);
    }

    /** Whether this names something: an unquoted word or a quoted identifier. */
    public boolean isName() {
        return kind == TokenKind.WORD || kind == TokenKind.QUOTED_IDENTIFIER;
    }
}
