package io.hoopgw.core.sql;

import java.util.List;
import java.util.stream.Stream;

/** Lets tests in other packages (and modules, through the test jar) use the statement corpus. */
public final class StatementCorpusAccess {
    private StatementCorpusAccess() {
    }

    /**
     * One corpus statement with the class the classifier must give it.
     *
     * @param line          the line of its header in {@code sql/statement-corpus.txt}
     * @param sql           the statement
     * @param expectedClass its class
     */
    public record CorpusStatement(int line, String sql, StatementClass expectedClass) {
        @Override
        public String toString() {
            String first = sql.lines().findFirst().orElse("");
            return "corpus line " + line + ": " + (first.length() > 80 ? first.substring(0, 80) : first);
        }
    }

    /** Every corpus statement, in file order. */
    public static List<CorpusStatement> all() {
        return StatementCorpus.load().stream()
                .map(entry -> new CorpusStatement(entry.line(), entry.sql(), entry.expectedClass())).toList();
    }

    /**
     * The corpus's reads of the system catalogs only (what psql's backslash commands and pgjdbc's
     * DatabaseMetaData send), minus pg_dump's set_config call, which no read-only group needs.
     */
    public static Stream<String> catalogReads() {
        return StatementCorpus.load().stream()
                .filter(entry -> entry.expectedClass() == StatementClass.READ)
                .filter(entry -> entry.reads() != null && !entry.reads().isEmpty() && entry.reads().stream()
                        .allMatch(name -> name.startsWith("pg_catalog.") || name.startsWith("pg_")))
                .map(StatementCorpus.Entry::sql);
    }
}
