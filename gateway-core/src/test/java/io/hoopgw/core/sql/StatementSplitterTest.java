package io.hoopgw.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatementSplitterTest {

    private static List<String> texts(String sql, boolean standardConformingStrings) {
        return StatementSplitter.split(sql, standardConformingStrings).stream().map(SqlStatement::text).toList();
    }

    @Test
    void splitsAtTopLevelSemicolonsAndDropsEmptyStatements() {
        assertThat(texts("SELECT 1; ;; SELECT 2;", true)).containsExactly("SELECT 1", "SELECT 2");
        assertThat(texts(" ; -- nothing\n ; /* still nothing */", true)).isEmpty();
        assertThat(texts("", true)).isEmpty();
    }

    @Test
    void extendedStringHidesQuoteBehindBackslash() {
        String sql = "SELECT E'\\' , \" ' ; DELETE FROM t; -- '";
        assertThat(texts(sql, true)).containsExactly("SELECT E'\\' , \" '", "DELETE FROM t");
    }

    @Test
    void plainStringKeepsBackslashLiteralWhenStandardConforming() {
        String sql = "SELECT '\\' ; DELETE FROM t; -- '";
        assertThat(texts(sql, true)).containsExactly("SELECT '\\'", "DELETE FROM t");
        // Without standard_conforming_strings the backslash escapes the quote: all of it is one string.
        assertThat(texts(sql, false)).containsExactly(sql);
        assertThat(texts("SELECT 'a\\'; DELETE FROM t; --'", false))
                .containsExactly("SELECT 'a\\'; DELETE FROM t; --'");
    }

    @Test
    void doubledQuotesStayInsideTheString() {
        List<SqlStatement> statements = StatementSplitter.split("SELECT 'it''s; fine'; SELECT 2", true);
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).tokens().get(1).value()).isEqualTo("it's; fine");
    }

    @Test
    void commentsNest() {
        assertThat(texts("SELECT 1 /* outer /* inner */ ; still comment */ ; SELECT 2", true))
                .containsExactly("SELECT 1", "SELECT 2");
        assertThat(texts("SELECT 1 /* a */ ; DELETE FROM t /* b */", true))
                .containsExactly("SELECT 1", "DELETE FROM t");
    }

    @Test
    void lineCommentsEndAtEitherNewline() {
        assertThat(texts("SELECT 1 -- ; hidden\r; SELECT 2", true)).containsExactly("SELECT 1", "SELECT 2");
        assertThat(texts("SELECT 1 -- ; DELETE FROM t", true)).containsExactly("SELECT 1");
    }

    @Test
    void operatorRunsStopWhereCommentsBegin() {
        assertThat(texts("SELECT 2 */* ; */ 3; SELECT 4 +-- ;\n 5", true))
                .containsExactly("SELECT 2 */* ; */ 3", "SELECT 4 +-- ;\n 5");
    }

    @Test
    void dollarQuotesNeedMatchingTags() {
        assertThat(texts("SELECT $a$ ; $b$ ; $a$; SELECT $$;$$", true))
                .containsExactly("SELECT $a$ ; $b$ ; $a$", "SELECT $$;$$");
        assertThat(StatementSplitter.split("SELECT $x$a$xa$x$", true).get(0).tokens().get(1).value())
                .isEqualTo("a$xa");
    }

    @Test
    void dollarInsideAWordOpensNoQuote() {
        assertThat(texts("SELECT a$b$ ; DELETE FROM t; SELECT $b$", true)).singleElement()
                .satisfies(text -> assertThat(text).startsWith("SELECT a$b$ ; DELETE"));
        assertThat(StatementSplitter.split("SELECT a$b$ ; DELETE FROM t; SELECT $b$", true).get(0).unlexable())
                .isTrue();
        assertThat(texts("SELECT x$y FROM t; DELETE FROM t", true))
                .containsExactly("SELECT x$y FROM t", "DELETE FROM t");
    }

    @Test
    void positionalParametersAreNotDollarQuotes() {
        List<SqlStatement> statements = StatementSplitter.split("SELECT $1, $2 ; SELECT $3$", true);
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).tokens()).extracting(Token::kind)
                .containsExactly(TokenKind.WORD, TokenKind.PARAMETER, TokenKind.SYMBOL, TokenKind.PARAMETER);
        assertThat(statements.get(1).tokens()).extracting(Token::kind)
                .containsExactly(TokenKind.WORD, TokenKind.PARAMETER, TokenKind.SYMBOL);
    }

    @Test
    void prefixesCountOnlyAtTheStartOfAToken() {
        // "abe" is a word, so the string after it is plain: the backslash does not escape the quote.
        assertThat(texts("SELECT abe'\\'; DELETE FROM t; --'", true))
                .containsExactly("SELECT abe'\\'", "DELETE FROM t");
        assertThat(texts("SELECT e'\\'; DELETE FROM t; --'", true)).singleElement()
                .satisfies(text -> assertThat(text).contains("DELETE"));
    }

    @Test
    void continuedStringKeepsItsEscapeRules() {
        String sql = "SELECT E'a'\n'\\' ; DELETE FROM t; --'";
        assertThat(texts(sql, true)).containsExactly(sql);
        String closed = "SELECT E'a'\n  -- note\n'\\'' ; DELETE FROM t";
        List<SqlStatement> statements = StatementSplitter.split(closed, true);
        assertThat(statements).extracting(SqlStatement::text)
                .containsExactly("SELECT E'a'\n  -- note\n'\\''", "DELETE FROM t");
        assertThat(statements.get(0).tokens().get(1).value()).isEqualTo("a'");
    }

    @Test
    void stringsOnOneLineDoNotContinue() {
        List<SqlStatement> statements = StatementSplitter.split("SELECT E'a' '\\' ; DELETE FROM t; --'", true);
        assertThat(statements).extracting(SqlStatement::text).containsExactly("SELECT E'a' '\\'", "DELETE FROM t");
    }

    @Test
    void bitStringsTakeNoEscapes() {
        assertThat(texts("SELECT B'01\\'; DELETE FROM t", true)).containsExactly("SELECT B'01\\'", "DELETE FROM t");
        assertThat(texts("SELECT X'ff'; SELECT 1", true)).hasSize(2);
    }

    @Test
    void quotedIdentifiersHideSemicolonsAndQuotes() {
        List<SqlStatement> statements = StatementSplitter.split("SELECT \"a;'\"\"b\" FROM t; SELECT 2", true);
        assertThat(statements).hasSize(2);
        Token name = statements.get(0).tokens().get(1);
        assertThat(name.kind()).isEqualTo(TokenKind.QUOTED_IDENTIFIER);
        assertThat(name.value()).isEqualTo("a;'\"b");
    }

    @Test
    void unicodeIdentifiersAndStringsAreDecoded() {
        List<Token> tokens = StatementSplitter.split("SELECT * FROM U&\"p\\0061yments\".cards", true).get(0).tokens();
        assertThat(tokens.get(3).value()).isEqualTo("payments");
        List<Token> escaped = StatementSplitter.split("SELECT U&'d!0061t!+000061' UESCAPE '!'; SELECT 1", true)
                .get(0).tokens();
        assertThat(escaped).hasSize(2);
        assertThat(escaped.get(1).value()).isEqualTo("data");
    }

    @Test
    void unicodeStringWithoutStandardConformingStringsIsRejected() {
        assertThat(StatementSplitter.split("SELECT U&'x'; SELECT 1", false)).singleElement()
                .satisfies(statement -> assertThat(statement.unlexable()).isTrue());
    }

    @Test
    void wordsFoldAsciiOnlyAndTruncateAt63Bytes() {
        List<Token> tokens = StatementSplitter.split("SELECT * FROM PÄYMENTS, " + "x".repeat(70), true)
                .get(0).tokens();
        assertThat(tokens.get(3).value()).isEqualTo("pÄyments");
        assertThat(tokens.get(5).value()).hasSize(63);
    }

    @Test
    void atomicRoutineBodiesKeepTheirSemicolons() {
        String create = "CREATE OR REPLACE FUNCTION f(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC "
                + "SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END; SELECT 2; END";
        assertThat(texts(create + "; DELETE FROM t", true)).containsExactly(create, "DELETE FROM t");
        assertThat(texts("BEGIN; SELECT 1; END; DELETE FROM t", true))
                .containsExactly("BEGIN", "SELECT 1", "END", "DELETE FROM t");
        assertThat(texts("CREATE FUNCTION begin() RETURNS int LANGUAGE sql RETURN 1; DELETE FROM t", true))
                .containsExactly("CREATE FUNCTION begin() RETURNS int LANGUAGE sql RETURN 1", "DELETE FROM t");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 'unterminated; DELETE FROM t",
            "SELECT E'\\'; DELETE FROM t",
            "SELECT \"unterminated; DELETE FROM t",
            "SELECT 1 /* unterminated; DELETE FROM t",
            "SELECT 1 /* /* nested */ still open; DELETE FROM t",
            "SELECT $tag$ never closed; DELETE FROM t",
            "SELECT \"\" FROM t; DELETE FROM t",
            "SELECT U&'\\zzzz'; DELETE FROM t",
            "SELECT U&'x' UESCAPE '+'; DELETE FROM t",
            "SELECT B'0101; DELETE FROM t",
    })
    void unlexableInputIsOneStatementHoldingAllOfIt(String sql) {
        assertThat(StatementSplitter.split(sql, true)).singleElement().satisfies(statement -> {
            assertThat(statement.unlexable()).isTrue();
            assertThat(statement.text()).isEqualTo(sql);
            assertThat(statement.tokens()).isEmpty();
        });
    }

    @Test
    void extendedEscapesDecode() throws SqlLexException {
        List<Token> tokens = SqlLexer.tokenize("E'\\n\\t\\x41\\101\\u00e9\\q'", true);
        assertThat(tokens.get(0).value()).isEqualTo("\n\tAAéq");
    }

    @Test
    void numbersAndSymbolsTokenize() throws SqlLexException {
        assertThat(SqlLexer.tokenize("1.5e-3 .5 0x1F 1_000 a::int x := 1", true)).extracting(Token::value)
                .containsExactly("1.5e-3", ".5", "0x1F", "1_000", "a", "::", "int", "x", ":=", "1");
    }
}
