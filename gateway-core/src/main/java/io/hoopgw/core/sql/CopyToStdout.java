package io.hoopgw.core.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a {@code COPY ... TO STDOUT} copies and how its rows are written, read from its statement: the masking of its
 * rows needs both, and the CopyOutResponse says neither (only text or binary, and how many columns).
 *
 * <p>Reads PostgreSQL's three spellings: {@code COPY t [(a, b)] TO STDOUT [WITH] (FORMAT csv, DELIMITER ';', ...)},
 * the pre-9.0 {@code COPY t TO STDOUT [WITH] CSV HEADER DELIMITER AS ';' ...}, and the older still
 * {@code COPY BINARY t} and {@code USING DELIMITERS ';'}; and {@code COPY (query) TO STDOUT ...}. Defaults are
 * PostgreSQL's. What it cannot read with certainty (an option it does not know, a value that is not a constant it
 * can read, an {@code ENCODING} other than UTF-8, which re-encodes the rows) makes {@link #parse} fail with the
 * reason, so that a caller can refuse the COPY rather than mask it by a guess.
 */
public final class CopyToStdout {
    /** The rows' format. */
    public enum Format {
        TEXT, CSV, BINARY
    }

    private final RelationName table;
    private final List<String> columns;
    private final String query;
    private final Format format;
    private final boolean header;
    private final char delimiter;
    private final String nullString;
    private final char quote;
    private final char escape;
    private final List<String> forceQuote;

    private CopyToStdout(RelationName table, List<String> columns, String query, Format format, boolean header,
            char delimiter, String nullString, char quote, char escape, List<String> forceQuote) {
        this.table = table;
        this.columns = columns;
        this.query = query;
        this.format = format;
        this.header = header;
        this.delimiter = delimiter;
        this.nullString = nullString;
        this.quote = quote;
        this.escape = escape;
        this.forceQuote = forceQuote;
    }

    /** The table copied, or null for {@code COPY (query)}. */
    public RelationName table() {
        return table;
    }

    /** The column list of {@code COPY table (a, b)} as PostgreSQL looks the names up, or null when none is given. */
    public List<String> columns() {
        return columns;
    }

    /** The query of {@code COPY (query)}, as written, or null for a table. */
    public String query() {
        return query;
    }

    public Format format() {
        return format;
    }

    /** Whether the first CopyData is a header line naming the columns rather than a row. */
    public boolean header() {
        return header;
    }

    /** The field delimiter: tab for text, comma for CSV unless set. */
    public char delimiter() {
        return delimiter;
    }

    /** How NULL is written: {@code \N} for text, an unquoted empty field for CSV unless set. */
    public String nullString() {
        return nullString;
    }

    /** The CSV quote character ({@code "} unless set). */
    public char quote() {
        return quote;
    }

    /** The CSV escape character (the quote character unless set). */
    public char escape() {
        return escape;
    }

    /**
     * The columns CSV values are always quoted in ({@code FORCE_QUOTE}), as PostgreSQL looks their names up among
     * the copied columns; empty when none; null for {@code FORCE_QUOTE *}, all of them.
     */
    public List<String> forceQuote() {
        return forceQuote;
    }

    /**
     * Reads a COPY TO STDOUT statement.
     *
     * @param sql                       one statement, as the client sent it (a trailing semicolon is allowed)
     * @param standardConformingStrings the session's setting, which decides how {@code ''} strings are read
     * @throws Unreadable when {@code sql} is not a COPY TO STDOUT, or is one whose columns or options this class
     *     cannot tell for certain; the message says why
     */
    public static CopyToStdout parse(String sql, boolean standardConformingStrings) throws Unreadable {
        List<Token> tokens;
        try {
            tokens = new ArrayList<>(SqlLexer.tokenize(sql, standardConformingStrings));
        } catch (SqlLexException e) {
            throw new Unreadable("its text cannot be read: " + e.getMessage());
        }
        while (!tokens.isEmpty() && tokens.get(tokens.size() - 1).isSymbol(";")) {
            tokens.remove(tokens.size() - 1);
        }
        return new Reader(sql, tokens).read();
    }

    /** A COPY statement whose columns or row format cannot be told for certain; the message says why. */
    public static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String reason) {
            super(reason);
        }
    }

    /** One pass over the tokens, collecting options as PostgreSQL's grammar and ProcessCopyOptions do. */
    private static final class Reader {
        private final String sql;
        private final List<Token> tokens;
        private final TokenCursor cursor;
        private boolean binary;
        private boolean csv;
        private boolean header;
        private String delimiter;
        private String nullString;
        private String quote;
        private String escape;
        private List<String> forceQuote = List.of();

        Reader(String sql, List<Token> tokens) {
            this.sql = sql;
            this.tokens = tokens;
            this.cursor = new TokenCursor(tokens, 0);
        }

        CopyToStdout read() throws Unreadable {
            if (!cursor.accept("copy")) {
                throw new Unreadable("it is not a COPY statement");
            }
            binary = cursor.accept("binary");
            RelationName table = null;
            List<String> columns = null;
            String query = null;
            if (isSymbol(cursor.peek(0), "(")) {
                int open = cursor.index();
                int close = cursor.skipParenthesized();
                if (binary || close < open + 2) {
                    throw new Unreadable("its query cannot be read");
                }
                query = sql.substring(tokens.get(open + 1).start(), tokens.get(close - 1).end());
            } else {
                table = cursor.relation();
                if (table == null) {
                    throw new Unreadable("it names no table");
                }
                if (cursor.acceptSymbol("(")) {
                    columns = names();
                }
            }
            if (!cursor.accept("to") || !cursor.accept("stdout")) {
                throw new Unreadable("it is not a COPY TO STDOUT");
            }
            if (cursor.accept("using") && !isWord(cursor.peek(0), "delimiters")) {
                throw unexpected();
            }
            if (cursor.accept("delimiters")) {
                delimiter = string("DELIMITERS");
            }
            cursor.accept("with");
            if (cursor.acceptSymbol("(")) {
                genericOptions();
            } else {
                while (!cursor.atEnd()) {
                    legacyOption();
                }
            }
            if (!cursor.atEnd()) {
                throw unexpected();
            }
            return build(table, columns, query);
        }

        /** A parenthesized list of names, after its opening parenthesis. */
        private List<String> names() throws Unreadable {
            List<String> names = new ArrayList<>();
            do {
                Token name = cursor.next();
                if (name == null || !name.isName()) {
                    throw new Unreadable("its column list cannot be read");
                }
                names.add(name.value());
            } while (cursor.acceptSymbol(","));
            if (!cursor.acceptSymbol(")")) {
                throw new Unreadable("its column list cannot be read");
            }
            return List.copyOf(names);
        }

        /** {@code (name [value], ...)}, after the opening parenthesis. */
        private void genericOptions() throws Unreadable {
            do {
                Token name = cursor.next();
                if (name == null || !name.isName()) {
                    throw unexpected();
                }
                String option = name.value();
                Token next = cursor.peek(0);
                boolean hasValue = next != null && !isSymbol(next, ",") && !isSymbol(next, ")");
                switch (option) {
                    case "format" -> {
                        String value = hasValue ? word(option) : null;
                        switch (value == null ? "" : value) {
                            case "text" -> csv = false;
                            case "csv" -> csv = true;
                            case "binary" -> binary = true;
                            default -> throw new Unreadable("its FORMAT is not text, csv or binary");
                        }
                    }
                    case "delimiter" -> delimiter = hasValue ? word(option) : missing(option);
                    case "null" -> nullString = hasValue ? word(option) : missing(option);
                    case "quote" -> quote = hasValue ? word(option) : missing(option);
                    case "escape" -> escape = hasValue ? word(option) : missing(option);
                    case "encoding" -> encoding(hasValue ? cursor.next() : null);
                    case "header" -> header = !hasValue || bool(option, true);
                    case "freeze" -> {
                        if (hasValue) {
                            bool(option, false);
                        }
                    }
                    case "force_quote" -> {
                        if (cursor.acceptSymbol("*")) {
                            forceQuote = null;
                        } else if (cursor.acceptSymbol("(")) {
                            forceQuote = names();
                        } else {
                            throw unexpected();
                        }
                    }
                    // Options of COPY FROM only, which PostgreSQL refuses for COPY TO: they do not change how the
                    // rows are written.
                    case "force_not_null", "force_null", "on_error", "log_verbosity",
                            "reject_limit", "default" -> skipValue(hasValue);
                    default -> throw new Unreadable("the gateway does not know its option " + option.toUpperCase(
                            Locale.ROOT));
                }
            } while (cursor.acceptSymbol(","));
            if (!cursor.acceptSymbol(")")) {
                throw unexpected();
            }
        }

        /** One option of the pre-9.0 syntax: key words, string constants after some of them. */
        private void legacyOption() throws Unreadable {
            Token token = cursor.next();
            String word = token.kind() == TokenKind.WORD ? token.value() : "";
            switch (word) {
                case "binary" -> binary = true;
                case "csv" -> csv = true;
                case "header" -> header = true;
                case "freeze" -> {
                }
                case "delimiter" -> delimiter = legacyString("DELIMITER");
                case "null" -> nullString = legacyString("NULL");
                case "quote" -> quote = legacyString("QUOTE");
                case "escape" -> escape = legacyString("ESCAPE");
                case "encoding" -> encoding(cursor.next());
                case "force" -> {
                    if (cursor.accept("quote")) {
                        forceQuote = cursor.acceptSymbol("*") ? null : legacyNames();
                    } else if (cursor.accept("not") && cursor.accept("null") || cursor.accept("null")) {
                        legacyNames();
                    } else {
                        throw unexpected();
                    }
                }
                default -> throw new Unreadable("the gateway cannot read its options from '" + sql.substring(
                        token.start(), Math.min(sql.length(), token.end())) + "' on");
            }
        }

        /** {@code a, b, c} without parentheses, as FORCE QUOTE takes them in the old syntax. */
        private List<String> legacyNames() throws Unreadable {
            List<String> names = new ArrayList<>();
            do {
                Token name = cursor.next();
                if (name == null || !name.isName()) {
                    throw unexpected();
                }
                names.add(name.value());
            } while (cursor.acceptSymbol(","));
            return List.copyOf(names);
        }

        private String legacyString(String option) throws Unreadable {
            cursor.accept("as");
            return string(option);
        }

        private String string(String option) throws Unreadable {
            Token value = cursor.next();
            if (value == null || value.kind() != TokenKind.STRING) {
                throw new Unreadable("its " + option + " is not a string constant");
            }
            return value.value();
        }

        /** A string-valued option of the generic syntax: a string constant or a name (as defGetString reads it). */
        private String word(String option) throws Unreadable {
            Token value = cursor.next();
            if (value == null || !(value.kind() == TokenKind.STRING || value.isName())) {
                throw new Unreadable("its " + option.toUpperCase(Locale.ROOT) + " is not a string constant");
            }
            return value.value();
        }

        private String missing(String option) throws Unreadable {
            throw new Unreadable("its " + option.toUpperCase(Locale.ROOT) + " has no value");
        }

        /** A boolean option's value as defGetBoolean reads it; {@code match} only where {@code allowMatch}. */
        private boolean bool(String option, boolean allowMatch) throws Unreadable {
            Token value = cursor.next();
            String text = value == null ? "" : value.value().toLowerCase(Locale.ROOT);
            if (value != null && (value.kind() == TokenKind.NUMBER || value.kind() == TokenKind.STRING
                    || value.isName())) {
                switch (text) {
                    case "true", "on", "1" -> {
                        return true;
                    }
                    case "false", "off", "0" -> {
                        return false;
                    }
                    default -> {
                    }
                }
            }
            throw new Unreadable("its " + option.toUpperCase(Locale.ROOT) + " is not true or false"
                    + (allowMatch ? " (MATCH is for COPY FROM)" : ""));
        }

        private void encoding(Token value) throws Unreadable {
            if (!SettingChanges.isUtf8(value)) {
                // The rows would be re-encoded; the gateway reads them as UTF-8, as it reads everything else.
                throw new Unreadable("its ENCODING is not UTF8");
            }
        }

        /** Skips an option's value: a constant, a name, {@code *} or a parenthesized list. */
        private void skipValue(boolean hasValue) throws Unreadable {
            if (!hasValue) {
                return;
            }
            if (isSymbol(cursor.peek(0), "(")) {
                if (cursor.skipParenthesized() < 0) {
                    throw unexpected();
                }
                return;
            }
            Token value = cursor.next();
            if (isSymbol(value, "-") || isSymbol(value, "+")) {
                value = cursor.next();
            }
            if (value == null || value.kind() == TokenKind.SYMBOL && !value.value().equals("*")) {
                throw unexpected();
            }
        }

        private Unreadable unexpected() {
            Token at = cursor.index() > 0 ? tokens.get(Math.min(cursor.index(), tokens.size()) - 1) : null;
            return new Unreadable(at == null ? "its options cannot be read"
                    : "its options cannot be read at '" + sql.substring(at.start(), at.end()) + "'");
        }

        private CopyToStdout build(RelationName table, List<String> columns, String query) throws Unreadable {
            if (binary) {
                return new CopyToStdout(table, columns, query, Format.BINARY, false, '\t', "\\N", '"', '"',
                        List.of());
            }
            char delimiterChar = oneByte("DELIMITER", delimiter, csv ? ',' : '\t');
            if (!csv && (quote != null || escape != null)) {
                throw new Unreadable("QUOTE and ESCAPE are for CSV only");
            }
            char quoteChar = oneByte("QUOTE", quote, '"');
            char escapeChar = oneByte("ESCAPE", escape, quoteChar);
            String nulls = nullString != null ? nullString : csv ? "" : "\\N";
            return new CopyToStdout(table, columns, query, csv ? Format.CSV : Format.TEXT, header, delimiterChar,
                    nulls, quoteChar, escapeChar, forceQuote);
        }

        /** PostgreSQL requires delimiter, quote and escape to be single one-byte characters. */
        private static char oneByte(String option, String value, char otherwise) throws Unreadable {
            if (value == null) {
                return otherwise;
            }
            if (value.length() != 1 || value.charAt(0) >= 0x80) {
                throw new Unreadable("its " + option + " is not a single one-byte character");
            }
            return value.charAt(0);
        }

        private static boolean isSymbol(Token token, String symbol) {
            return token != null && token.isSymbol(symbol);
        }

        private static boolean isWord(Token token, String word) {
            return token != null && token.isWord(word);
        }
    }
}
