package io.hoopgw.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Real statements from psql, pgjdbc, pg_dump, ORMs and the documentation, each with its class and relations. */
class StatementCorpusTest {
    private static final StatementClassifier CLASSIFIER = new StatementClassifier();

    static Stream<StatementCorpus.Entry> entries() {
        return StatementCorpus.load().stream();
    }

    @Test
    void corpusHoldsAtLeast150Statements() {
        assertThat(StatementCorpus.load()).hasSizeGreaterThanOrEqualTo(150);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void classifiesAsExpected(StatementCorpus.Entry entry) {
        List<SqlStatement> statements = StatementSplitter.split(entry.sql(), true);
        assertThat(statements).as("one statement").hasSize(1);
        Classification classification = CLASSIFIER.classify(statements.get(0));
        assertThat(classification.statementClass()).as(classification.detail()).isEqualTo(entry.expectedClass());
        if (entry.reads() != null) {
            assertThat(classification.reads()).map(RelationName::toString)
                    .containsExactlyInAnyOrderElementsOf(entry.reads());
        }
        if (entry.writes() != null) {
            assertThat(classification.writes()).map(RelationName::toString)
                    .containsExactlyInAnyOrderElementsOf(entry.writes());
        }
    }
}
