package io.hoopgw.core.sql;

import java.util.Objects;
import java.util.Set;

/**
 * What one statement does: its class, the relations it reads and writes, the functions it calls.
 *
 * @param statement      the statement classified
 * @param statementClass its class; {@link StatementClass#UNKNOWN} when not understood
 * @param reads          relations it reads
 * @param writes         relations it changes (for DDL: the objects it creates, alters or drops)
 * @param functions      functions it calls, lower case unless quoted, {@code schema.name} when qualified
 * @param flags          properties guardrails look at
 * @param detail         why the statement is unknown, or a short note on how it was classified
 */
public record Classification(
        SqlStatement statement,
        StatementClass statementClass,
        Set<RelationName> reads,
        Set<RelationName> writes,
        Set<String> functions,
        Set<Flag> flags,
        String detail) {

    public Classification {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(statementClass, "statementClass");
        reads = Set.copyOf(reads);
        writes = Set.copyOf(writes);
        functions = Set.copyOf(functions);
        flags = Set.copyOf(flags);
    }

    /** Properties of a statement that guardrails act on. */
    public enum Flag {
        /** UPDATE or DELETE with no WHERE clause: it touches every row. */
        NO_WHERE,
        /**
         * Would let the session write despite {@code default_transaction_read_only = on}: setting or resetting
         * {@code default_transaction_read_only} or {@code transaction_read_only}, {@code READ WRITE} transaction
         * modes, {@code set_config} or an {@code UPDATE} of {@code pg_settings} naming either (or a name not known
         * before run time), {@code RESET ALL}, {@code DISCARD ALL}.
         */
        LEAVES_READ_ONLY,
        /** Sets {@code search_path}, which changes what unqualified relation names resolve to. */
        SETS_SEARCH_PATH,
        /**
         * Would change {@code client_encoding} away from UTF8 ({@code SET client_encoding}, {@code SET NAMES},
         * {@code set_config}), after which the gateway, which reads SQL as UTF-8, would misread the session's SQL.
         */
        CHANGES_CLIENT_ENCODING,
        /**
         * Would make the session act as another role than the one it logged in as: {@code SET ROLE},
         * {@code SET SESSION AUTHORIZATION}, or the same through {@code set_config} or {@code pg_settings}.
         */
        CHANGES_ROLE
    }
}
