package io.hoopgw.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CopyToStdoutTest {
    private static CopyToStdout parse(String sql) throws CopyToStdout.Unreadable {
        return CopyToStdout.parse(sql, true);
    }

    @Test
    void aBareTableCopiesAllItsColumnsAsTextWithPostgresDefaults() throws Exception {
        CopyToStdout copy = parse("copy customers to stdout;");
        assertThat(copy.table()).isEqualTo(new RelationName(null, "customers"));
        assertThat(copy.columns()).isNull();
        assertThat(copy.query()).isNull();
        assertThat(copy.format()).isEqualTo(CopyToStdout.Format.TEXT);
        assertThat(copy.header()).isFalse();
        assertThat(copy.delimiter()).isEqualTo('\t');
        assertThat(copy.nullString()).isEqualTo("\\N");
    }

    @Test
    void theGenericOptionListSetsEveryOptionThatShapesTheRows() throws Exception {
        CopyToStdout copy = parse("COPY public.\"Odd Name\" (id, \"Card\") TO STDOUT WITH (FORMAT csv, HEADER,"
                + " DELIMITER ';', NULL 'NULL', QUOTE '''', ESCAPE '\\', FORCE_QUOTE (\"Card\"), ENCODING 'utf-8')");
        assertThat(copy.table()).isEqualTo(new RelationName("public", "Odd Name"));
        assertThat(copy.columns()).containsExactly("id", "Card");
        assertThat(copy.format()).isEqualTo(CopyToStdout.Format.CSV);
        assertThat(copy.header()).isTrue();
        assertThat(copy.delimiter()).isEqualTo(';');
        assertThat(copy.nullString()).isEqualTo("NULL");
        assertThat(copy.quote()).isEqualTo('\'');
        assertThat(copy.escape()).isEqualTo('\\');
    }

    @Test
    void csvDefaultsAreCommaEmptyNullAndDoubleQuotes() throws Exception {
        CopyToStdout copy = parse("COPY t TO STDOUT (FORMAT csv, FORCE_QUOTE *)");
        assertThat(copy.delimiter()).isEqualTo(',');
        assertThat(copy.nullString()).isEmpty();
        assertThat(copy.quote()).isEqualTo('"');
        assertThat(copy.escape()).isEqualTo('"');
        assertThat(copy.header()).isFalse();
    }

    @Test
    void theOldSyntaxIsReadToo() throws Exception {
        CopyToStdout copy = parse("COPY t (a) TO STDOUT WITH CSV HEADER DELIMITER AS '|' NULL AS 'x' QUOTE '\"'"
                + " ESCAPE AS '\\' FORCE QUOTE a, b");
        assertThat(copy.format()).isEqualTo(CopyToStdout.Format.CSV);
        assertThat(copy.header()).isTrue();
        assertThat(copy.delimiter()).isEqualTo('|');
        assertThat(copy.nullString()).isEqualTo("x");
        assertThat(copy.escape()).isEqualTo('\\');
        assertThat(parse("COPY t TO STDOUT DELIMITER ','").format()).isEqualTo(CopyToStdout.Format.TEXT);
        assertThat(parse("COPY t TO STDOUT DELIMITER ','").delimiter()).isEqualTo(',');
        assertThat(parse("COPY t TO STDOUT USING DELIMITERS '|'").delimiter()).isEqualTo('|');
        assertThat(parse("COPY t TO STDOUT CSV FORCE QUOTE *").format()).isEqualTo(CopyToStdout.Format.CSV);
    }

    @Test
    void binaryIsRecognisedInEverySpelling() throws Exception {
        for (String sql : List.of("COPY BINARY t TO STDOUT", "COPY t TO STDOUT BINARY", "COPY t TO STDOUT WITH BINARY",
                "COPY t TO STDOUT (FORMAT binary)", "COPY (SELECT 1) TO STDOUT (FORMAT 'binary')")) {
            assertThat(parse(sql).format()).as(sql).isEqualTo(CopyToStdout.Format.BINARY);
        }
    }

    @Test
    void aQueryIsTakenAsWrittenWhateverItsQuotesAndCommentsHold() throws Exception {
        CopyToStdout copy = parse("COPY (SELECT a, ')' FROM t /* ) */ WHERE b = $$)$$) TO STDOUT (FORMAT csv)");
        assertThat(copy.table()).isNull();
        assertThat(copy.query()).isEqualTo("SELECT a, ')' FROM t /* ) */ WHERE b = $$)$$");
        assertThat(copy.format()).isEqualTo(CopyToStdout.Format.CSV);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "|", value = {
        "COPY t TO STDOUT (HEADER)|true",
        "COPY t TO STDOUT (HEADER true)|true",
        "COPY t TO STDOUT (HEADER on)|true",
        "COPY t TO STDOUT (HEADER 1)|true",
        "COPY t TO STDOUT (HEADER 'TRUE')|true",
        "COPY t TO STDOUT (HEADER false)|false",
        "COPY t TO STDOUT (HEADER off)|false",
        "COPY t TO STDOUT (HEADER 0)|false",
        "COPY t TO STDOUT (FORMAT text, HEADER)|true",
    })
    void headerTakesPostgresBooleans(String sql, boolean header) throws Exception {
        assertThat(parse(sql).header()).isEqualTo(header);
    }

    @Test
    void stringsAreReadAsTheSessionReadsThem() throws Exception {
        assertThat(parse("COPY t TO STDOUT (DELIMITER E'\\t')").delimiter()).isEqualTo('\t');
        assertThat(parse("COPY t TO STDOUT (NULL '\\N')").nullString()).isEqualTo("\\N");
        assertThat(CopyToStdout.parse("COPY t TO STDOUT (NULL '\\\\N')", false).nullString()).isEqualTo("\\N");
        assertThat(CopyToStdout.parse("COPY t TO STDOUT (DELIMITER '\\t')", false).delimiter()).isEqualTo('\t');
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1",
        "COPY t FROM STDIN",
        "COPY t TO '/tmp/out'",
        "COPY t TO PROGRAM 'cat'",
        "COPY t TO STDOUT (FORMAT json)",
        "COPY t TO STDOUT (FORMAT 'CSV')",
        "COPY t TO STDOUT (ENCODING 'LATIN1')",
        "COPY t TO STDOUT ENCODING 'win1252'",
        "COPY t TO STDOUT (DELIMITER ';;')",
        "COPY t TO STDOUT (DELIMITER 'é')",
        "COPY t TO STDOUT (DELIMITER)",
        "COPY t TO STDOUT (HEADER match)",
        "COPY t TO STDOUT (SOME_FUTURE_OPTION 1)",
        "COPY t TO STDOUT (QUOTE '\"')",
        "COPY t TO STDOUT WITH CSV SOMETHING",
        "COPY t TO STDOUT (FORMAT csv",
        "COPY t (a, 1) TO STDOUT",
        "COPY t TO STDOUT 'unterminated",
        "COPY () TO STDOUT",
        "COPY t TO STDOUT WHERE a = 1",
    })
    void whatCannotBeToldForCertainIsUnreadable(String sql) {
        assertThatThrownBy(() -> parse(sql)).isInstanceOf(CopyToStdout.Unreadable.class)
                .hasMessageNotContaining("null");
    }
}
