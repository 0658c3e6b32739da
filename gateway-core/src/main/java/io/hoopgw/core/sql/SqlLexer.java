package io.hoopgw.core.sql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Tokenizes SQL exactly as PostgreSQL's {@code scan.l} does where it matters for security: where quotes, comments
 * and statements begin and end.
 *
 * <p>Follows the server, not psql: {@code /* *}{@code /} comments nest; a string constant continues across a
 * newline into the next quote and keeps its escape rules ({@code E'\''} then a newline then {@code '\'...'} is one
 * extended string); {@code E}, {@code B}, {@code X}, {@code N} and {@code U&} prefixes count only at the start of a
 * token ({@code abe'x'} is the word {@code abe} and a plain string); {@code $} inside a word is part of the word, so
 * {@code a$b$} opens no dollar quote; with {@code standard_conforming_strings} off, backslashes escape in plain
 * strings too. Input PostgreSQL would reject outright raises {@link SqlLexException}.
 */
public final class SqlLexer {
    /** PostgreSQL's NAMEDATALEN - 1: longer identifiers are truncated to this many bytes. */
    static final int MAX_IDENTIFIER_BYTES = 63;

    private final String sql;
    private final boolean standardConformingStrings;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private SqlLexer(String sql, boolean standardConformingStrings) {
        this.sql = sql;
        this.standardConformingStrings = standardConformingStrings;
    }

    /**
     * The tokens of {@code sql}, comments and whitespace dropped.
     *
     * @param standardConformingStrings the session's {@code standard_conforming_strings}; when false, backslash
     *                                  escapes apply in plain {@code ''} strings as in {@code E''} strings
     * @throws SqlLexException when PostgreSQL would reject the whole string while lexing it
     */
    public static List<Token> tokenize(String sql, boolean standardConformingStrings) throws SqlLexException {
        SqlLexer lexer = new SqlLexer(sql, standardConformingStrings);
        lexer.run();
        return List.copyOf(lexer.tokens);
    }

    private void run() throws SqlLexException {
        while (true) {
            pos = skipTrivia(pos);
            if (pos >= sql.length()) {
                return;
            }
            int start = pos;
            char c = sql.charAt(pos);
            char next = charAt(pos + 1);
            if (c == '\'') {
                pos++;
                string(start, !standardConformingStrings);
            } else if (c == '"') {
                pos++;
                quotedIdentifier(start, false);
            } else if ((c == 'e' || c == 'E') && next == '\'') {
                pos += 2;
                string(start, true);
            } else if ((c == 'n' || c == 'N') && next == '\'') {
                pos += 2;
                string(start, !standardConformingStrings);
            } else if ((c == 'b' || c == 'B' || c == 'x' || c == 'X') && next == '\'') {
                pos += 2;
                bitString(start);
            } else if ((c == 'u' || c == 'U') && next == '&' && (charAt(pos + 2) == '\'' || charAt(pos + 2) == '"')) {
                unicodeLiteral(start);
            } else if (c == '$') {
                dollar(start);
            } else if (isIdentStart(c)) {
                word(start);
            } else if (isDigit(c) || (c == '.' && isDigit(next))) {
                number(start);
            } else {
                symbol(start);
            }
        }
    }

    /** The offset of the next character that is neither whitespace nor part of a comment. */
    private int skipTrivia(int from) throws SqlLexException {
        int p = from;
        while (p < sql.length()) {
            char c = sql.charAt(p);
            if (isSpace(c)) {
                p++;
            } else if (c == '-' && charAt(p + 1) == '-') {
                p = lineCommentEnd(p);
            } else if (c == '/' && charAt(p + 1) == '*') {
                p = blockCommentEnd(p);
            } else {
                return p;
            }
        }
        return p;
    }

    private int lineCommentEnd(int from) {
        int p = from + 2;
        while (p < sql.length() && !isNewline(sql.charAt(p))) {
            p++;
        }
        return p;
    }

    /** Past the comment opened at {@code from}; block comments nest in PostgreSQL, unlike the SQL standard says. */
    private int blockCommentEnd(int from) throws SqlLexException {
        int depth = 1;
        int p = from + 2;
        while (depth > 0) {
            if (p >= sql.length()) {
                throw new SqlLexException("unterminated /* comment at offset " + from);
            }
            if (sql.charAt(p) == '/' && charAt(p + 1) == '*') {
                depth++;
                p += 2;
            } else if (sql.charAt(p) == '*' && charAt(p + 1) == '/') {
                depth--;
                p += 2;
            } else {
                p++;
            }
        }
        return p;
    }

    /** A {@code ''} string whose opening quote has been consumed, continued across newline-separated quotes. */
    private void string(int start, boolean backslashEscapes) throws SqlLexException {
        String value = quotedBody(start, backslashEscapes);
        tokens.add(new Token(TokenKind.STRING, value, start, pos));
    }

    /**
     * The body of a quoted string after its opening quote, up to and past its closing quote: {@code ''} is one
     * quote, a quote followed by only whitespace with a newline and another quote continues the string, and with
     * {@code backslashEscapes} (E'' strings, or {@code standard_conforming_strings} off) a backslash escapes.
     * Shared by plain, E'' and U&'' strings, so they all end exactly where PostgreSQL ends them.
     */
    private String quotedBody(int start, boolean backslashEscapes) throws SqlLexException {
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos >= sql.length()) {
                throw new SqlLexException("unterminated quoted string at offset " + start);
            }
            char c = sql.charAt(pos);
            if (c == '\'') {
                if (charAt(pos + 1) == '\'') {
                    value.append('\'');
                    pos += 2;
                } else if (!continueString()) {
                    pos++;
                    return value.toString();
                }
            } else if (c == '\\' && backslashEscapes) {
                pos = Escapes.backslash(sql, pos, value, start);
            } else {
                value.append(c);
                pos++;
            }
        }
    }

    /** {@code B''} or {@code X''}: no escapes and no doubled quotes, but continuation applies. */
    private void bitString(int start) throws SqlLexException {
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos >= sql.length()) {
                throw new SqlLexException("unterminated bit string literal at offset " + start);
            }
            char c = sql.charAt(pos);
            if (c == '\'') {
                if (!continueString()) {
                    pos++;
                    break;
                }
            } else {
                value.append(c);
                pos++;
            }
        }
        tokens.add(new Token(TokenKind.BIT_STRING, value.toString(), start, pos));
    }

    /**
     * At a closing quote: when whitespace holding a newline (and perhaps {@code --} comments) and another quote
     * follow, PostgreSQL glues the two literals into one. Moves past the second quote and returns true if so.
     */
    private boolean continueString() {
        int p = pos + 1;
        boolean sawNewline = false;
        while (p < sql.length()) {
            char c = sql.charAt(p);
            if (isNewline(c)) {
                sawNewline = true;
                p++;
            } else if (isSpace(c)) {
                p++;
            } else if (c == '-' && charAt(p + 1) == '-') {
                p = lineCommentEnd(p);
                if (p >= sql.length()) {
                    return false;
                }
            } else if (c == '\'' && sawNewline) {
                pos = p + 1;
                return true;
            } else {
                return false;
            }
        }
        return false;
    }

    private void quotedIdentifier(int start, boolean unicode) throws SqlLexException {
        String raw = quotedIdentifierBody(start);
        String name = unicode ? Escapes.unicode(raw, uescape(start), start) : raw;
        tokens.add(new Token(TokenKind.QUOTED_IDENTIFIER, truncate(name), start, pos));
    }

    private String quotedIdentifierBody(int start) throws SqlLexException {
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos >= sql.length()) {
                throw new SqlLexException("unterminated quoted identifier at offset " + start);
            }
            char c = sql.charAt(pos);
            if (c == '"') {
                if (charAt(pos + 1) == '"') {
                    value.append('"');
                    pos += 2;
                    continue;
                }
                pos++;
                break;
            }
            value.append(c);
            pos++;
        }
        if (value.isEmpty()) {
            throw new SqlLexException("zero-length delimited identifier at offset " + start);
        }
        return value.toString();
    }

    /** {@code U&'...'} or {@code U&"..."}, with an optional {@code UESCAPE 'c'} clause after it. */
    private void unicodeLiteral(int start) throws SqlLexException {
        boolean identifier = sql.charAt(pos + 2) == '"';
        pos += 3;
        if (identifier) {
            quotedIdentifier(start, true);
            return;
        }
        if (!standardConformingStrings) {
            throw new SqlLexException("unsafe use of string constant with Unicode escapes at offset " + start);
        }
        String raw = quotedBody(start, false);
        String value = Escapes.unicode(raw, uescape(start), start);
        tokens.add(new Token(TokenKind.STRING, value, start, pos));
    }

    /** Consumes a {@code UESCAPE 'c'} clause if one follows, returning its character or the default backslash. */
    private char uescape(int literalStart) throws SqlLexException {
        int p = skipTrivia(pos);
        if (!sql.regionMatches(true, p, "uescape", 0, 7) || isIdentCont(charAt(p + 7))) {
            return '\\';
        }
        p = skipTrivia(p + 7);
        if (charAt(p) != '\'' || charAt(p + 2) != '\'' || charAt(p + 3) == '\'') {
            throw new SqlLexException("invalid UESCAPE clause for the literal at offset " + literalStart);
        }
        char escape = sql.charAt(p + 1);
        if (isHexDigit(escape) || escape == '+' || escape == '\'' || escape == '"' || isSpace(escape)) {
            throw new SqlLexException("invalid Unicode escape character at offset " + (p + 1));
        }
        pos = p + 3;
        return escape;
    }

    /** {@code $1} (a parameter), {@code $tag$...$tag$} (a dollar-quoted string), or a lone {@code $} symbol. */
    private void dollar(int start) throws SqlLexException {
        int p = pos + 1;
        if (isDigit(charAt(p))) {
            while (isDigit(charAt(p))) {
                p++;
            }
            pos = p;
            tokens.add(new Token(TokenKind.PARAMETER, sql.substring(start, p), start, p));
            return;
        }
        if (isIdentStart(charAt(p))) {
            p++;
            while (isIdentStart(charAt(p)) || isDigit(charAt(p))) {
                p++;
            }
        }
        if (charAt(p) != '$') {
            pos = start + 1;
            tokens.add(new Token(TokenKind.SYMBOL, "$", start, pos));
            return;
        }
        String delimiter = sql.substring(start, p + 1);
        int close = sql.indexOf(delimiter, p + 1);
        if (close < 0) {
            throw new SqlLexException("unterminated dollar-quoted string at offset " + start);
        }
        pos = close + delimiter.length();
        tokens.add(new Token(TokenKind.STRING, sql.substring(p + 1, close), start, pos));
    }

    private void word(int start) {
        while (isIdentCont(charAt(pos))) {
            pos++;
        }
        tokens.add(new Token(TokenKind.WORD, truncate(foldAscii(sql.substring(start, pos))), start, pos));
    }

    private void number(int start) {
        if (sql.charAt(pos) == '0' && "xXoObB".indexOf(charAt(pos + 1)) >= 0 && isHexDigit(charAt(pos + 2))) {
            pos += 2;
            while (isHexDigit(charAt(pos)) || charAt(pos) == '_') {
                pos++;
            }
        } else {
            digits();
            if (charAt(pos) == '.' && charAt(pos + 1) != '.') {
                pos++;
                digits();
            }
            char e = charAt(pos);
            if (e == 'e' || e == 'E') {
                int p = pos + 1;
                if (charAt(p) == '+' || charAt(p) == '-') {
                    p++;
                }
                if (isDigit(charAt(p))) {
                    pos = p;
                    digits();
                }
            }
        }
        tokens.add(new Token(TokenKind.NUMBER, sql.substring(start, pos), start, pos));
    }

    private void digits() {
        while (isDigit(charAt(pos)) || (charAt(pos) == '_' && isDigit(charAt(pos + 1)))) {
            pos++;
        }
    }

    /** Punctuation, or a run of operator characters cut short where a comment begins (as PostgreSQL cuts it). */
    private void symbol(int start) {
        char c = sql.charAt(pos);
        if (c == ':' && (charAt(pos + 1) == ':' || charAt(pos + 1) == '=')) {
            pos += 2;
        } else if (isOperatorChar(c)) {
            pos++;
            while (isOperatorChar(charAt(pos)) && !startsComment(pos)) {
                pos++;
            }
        } else {
            pos++;
        }
        tokens.add(new Token(TokenKind.SYMBOL, sql.substring(start, pos), start, pos));
    }

    private boolean startsComment(int p) {
        char c = sql.charAt(p);
        char next = charAt(p + 1);
        return (c == '-' && next == '-') || (c == '/' && next == '*');
    }

    private char charAt(int index) {
        return index < sql.length() ? sql.charAt(index) : '\0';
    }

    /** Lower-cases ASCII letters only, as PostgreSQL's {@code downcase_identifier} does for multibyte encodings. */
    static String foldAscii(String word) {
        StringBuilder folded = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return folded.toString();
    }

    /** Cuts a name to 63 UTF-8 bytes on a character boundary, as the server does, so policy sees the real name. */
    static String truncate(String name) {
        if (name.length() * 3 <= MAX_IDENTIFIER_BYTES
                || name.getBytes(StandardCharsets.UTF_8).length <= MAX_IDENTIFIER_BYTES) {
            return name;
        }
        int bytes = 0;
        int i = 0;
        while (i < name.length()) {
            int codePoint = name.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > MAX_IDENTIFIER_BYTES) {
                break;
            }
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return name.substring(0, i);
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    private static boolean isNewline(char c) {
        return c == '\n' || c == '\r';
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= '\u0080';
    }

    static boolean isIdentCont(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isOperatorChar(char c) {
        return "~!@#^&|`?+-*/%<>=".indexOf(c) >= 0;
    }
}
