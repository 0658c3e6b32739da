package io.hoopgw.core.sql;

import java.util.stream.Stream;

/** Lets tests in other packages use the corpus's catalog queries. */
public final class StatementCorpusAccess {
    private StatementCorpusAccess() {
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
