package io.hoopgw.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.core.policy.AdversarialCases;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast parse (CASE expressions without parentheses collapsed to NULL, JSqlParser's simple grammar first) must
 * classify every statement exactly as the reference parse (everything kept, complex grammar) does: the same class,
 * relations, functions and flags, for the whole corpus, the adversarial cases and CASE in every place it goes.
 */
class FastParseTest {
    static Stream<String> statements() {
        return Stream.of(
                StatementCorpusAccess.all().stream().map(StatementCorpusAccess.CorpusStatement::sql),
                AdversarialCases.deniedForReadOnly().stream(),
                AdversarialCases.readOnlyEscapes().stream()).flatMap(s -> s);
    }

    @ParameterizedTest
    @MethodSource("statements")
    void theCorpusAndTheAdversarialCasesClassifyAsWithTheReferenceParse(String sql) {
        assertSameAsReference(sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT CASE WHEN a = 1 THEN 'one' WHEN a = 2 THEN 'two' ELSE 'many' END AS n FROM public.t",
            "SELECT CASE a WHEN 1 THEN CASE b WHEN 2 THEN 'x' END ELSE 'y' END FROM t",
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM payments.cards) THEN 1 END",
            "SELECT CASE WHEN true THEN (SELECT number FROM payments.cards LIMIT 1) END FROM public.customers",
            "SELECT CASE WHEN true THEN pg_read_file('/etc/passwd') END",
            "SELECT CASE WHEN a THEN b END, CASE WHEN lower(c) = 'x' THEN 1 END FROM t",
            "SELECT * FROM t WHERE CASE WHEN a > 1 THEN b ELSE c END = 'v' ORDER BY CASE d WHEN 'x' THEN 1 END",
            "SELECT CASE WHEN c.relkind = 'r' THEN 'TABLE' END::text FROM pg_catalog.pg_class c",
            "SELECT count(*) FILTER (WHERE CASE WHEN a THEN true END) FROM t GROUP BY CASE WHEN b THEN 1 END",
            "UPDATE t SET status = CASE WHEN s = 'a' THEN 'b' ELSE s END WHERE id = 1",
            "UPDATE t SET status = CASE WHEN s = 'a' THEN 'b' ELSE s END",
            "DELETE FROM t WHERE CASE WHEN a THEN b END",
            "WITH d AS (DELETE FROM t WHERE CASE WHEN a THEN true END RETURNING *) SELECT * FROM d",
            "INSERT INTO t (a) SELECT CASE WHEN x THEN 1 END FROM u",
            "SELECT CASE WHEN $1 THEN 'a' END FROM t FOR UPDATE",
            "SELECT CASE WHEN x THEN 1 ELSE 2 END INTO stolen FROM t",
            "SELECT CASE WHEN arr[1] = 2 THEN 'a' END FROM t",
            "SELECT CASE WHEN a THEN 1 END FROM t; SELECT CASE WHEN b THEN 2 END FROM payments.cards",
            "SELECT CASE WHEN a THEN 1",
            "SELECT CASE END",
    })
    void caseExpressionsClassifyAsWithTheReferenceParse(String sql) {
        assertSameAsReference(sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT CASE WHEN a THEN 'x' ELSE CASE WHEN b THEN 'y' END END AS k FROM t",
    })
    void aCaseWithoutParenthesesIsParsedAsNull(String sql) {
        List<Token> tokens = StatementSplitter.split(sql, true).get(0).tokens();
        assertThat(NormalizedSql.forParser(tokens)).isEqualTo("select NULL as k from t");
        assertThat(NormalizedSql.of(tokens)).contains("case when a then 'x'");
    }

    private static void assertSameAsReference(String sql) {
        for (SqlStatement statement : StatementSplitter.split(sql, true)) {
            if (statement.unlexable() || statement.tokens().isEmpty()) {
                continue;
            }
            Classification fast = ParsedStatementClassifier.classify(statement, true);
            Classification reference = ParsedStatementClassifier.classify(statement, false);
            assertThat(fast.statementClass()).as("class of %s (%s)", statement.text(), reference.detail())
                    .isEqualTo(reference.statementClass());
            assertThat(fast.reads()).as("reads of %s", statement.text()).isEqualTo(reference.reads());
            assertThat(fast.writes()).as("writes of %s", statement.text()).isEqualTo(reference.writes());
            assertThat(fast.functions()).as("functions of %s", statement.text()).isEqualTo(reference.functions());
            assertThat(fast.flags()).as("flags of %s", statement.text()).isEqualTo(reference.flags());
        }
    }
}
