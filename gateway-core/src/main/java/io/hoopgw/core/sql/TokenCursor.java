package io.hoopgw.core.sql;

import java.util.List;

/** Reads a statement's tokens front to back, for the commands classified by token rules. */
final class TokenCursor {
    private final List<Token> tokens;
    private int index;

    TokenCursor(List<Token> tokens, int index) {
        this.tokens = tokens;
        this.index = index;
    }

    int index() {
        return index;
    }

    boolean atEnd() {
        return index >= tokens.size();
    }

    Token peek(int ahead) {
        int at = index + ahead;
        return at < tokens.size() ? tokens.get(at) : null;
    }

    /** Consumes the word if it is next. */
    boolean accept(String word) {
        Token next = peek(0);
        if (next != null && next.isWord(word)) {
            index++;
            return true;
        }
        return false;
    }

    /** Consumes the symbol if it is next. */
    boolean acceptSymbol(String symbol) {
        Token next = peek(0);
        if (next != null && next.isSymbol(symbol)) {
            index++;
            return true;
        }
        return false;
    }

    Token next() {
        return atEnd() ? null : tokens.get(index++);
    }

    /** A possibly qualified relation name ({@code a}, {@code a.b}, {@code a.b.c}), or null when none is next. */
    RelationName relation() {
        Token first = peek(0);
        if (first == null || !first.isName()) {
            return null;
        }
        index++;
        String schema = null;
        String name = first.value();
        while (peek(0) != null && peek(0).isSymbol(".") && peek(1) != null && peek(1).isName()) {
            schema = name;
            name = peek(1).value();
            index += 2;
        }
        return new RelationName(schema, name);
    }

    /** Skips a parenthesized group starting at the cursor, returning the index of its closing parenthesis. */
    int skipParenthesized() {
        int depth = 0;
        while (!atEnd()) {
            Token token = tokens.get(index++);
            if (token.isSymbol("(")) {
                depth++;
            } else if (token.isSymbol(")") && --depth == 0) {
                return index - 1;
            }
        }
        return -1;
    }

    /** Whether the words appear consecutively anywhere from the cursor on. */
    boolean containsSequence(String first, String second) {
        for (int i = index; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).isWord(first) && tokens.get(i + 1).isWord(second)) {
                return true;
            }
        }
        return false;
    }
}
