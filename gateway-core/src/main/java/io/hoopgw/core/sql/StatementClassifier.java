package io.hoopgw.core.sql;

import java.util.List;
import java.util.Set;

/**
 * Classifies statements for policy: class, relations read and written, functions called, guardrail flags.
 *
 * <p>Token rules take the commands a general SQL parser gets wrong or cannot read (COPY, SET, EXPLAIN, roles,
 * maintenance); JSqlParser takes queries, DML and DDL. Calls of server-file, large-object and backend-signalling
 * functions raise a statement to {@code admin}; anything not understood is {@code unknown}. Thread-safe and
 * stateless.
 */
public final class StatementClassifier {
    /** Functions that read or write server files or signal other backends: calling them is administration. */
    private static final Set<String> ADMIN_FUNCTIONS = Set.of("pg_read_file", "pg_read_binary_file", "pg_ls_dir",
            "pg_stat_file", "pg_file_write", "pg_file_rename", "pg_file_unlink", "pg_logdir_ls", "pg_ls_logdir",
            "pg_ls_waldir", "pg_ls_tmpdir", "pg_ls_archive_statusdir", "lo_import", "lo_export", "lo_unlink",
            "lo_from_bytea", "lo_put", "lo_create", "lo_creat", "lowrite", "lo_open", "lo_truncate",
            "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile",
            "pg_promote", "pg_switch_wal", "pg_create_restore_point", "pg_start_backup", "pg_stop_backup",
            "pg_backup_start", "pg_backup_stop", "pg_create_physical_replication_slot",
            "pg_create_logical_replication_slot", "pg_drop_replication_slot", "pg_logical_emit_message");

    /** Functions that change sequences: a SELECT calling them writes. */
    private static final Set<String> SEQUENCE_WRITERS = Set.of("nextval", "setval");

    private final TokenRules tokenRules = new TokenRules(this);

    /** A classifier; it holds no per-statement state and may be shared. */
    public StatementClassifier() {
    }

    /** Splits {@code sql} as PostgreSQL would (see {@link StatementSplitter}) and classifies each statement. */
    public List<Classification> classifyAll(String sql, boolean standardConformingStrings) {
        return StatementSplitter.split(sql, standardConformingStrings).stream().map(this::classify).toList();
    }

    /** Classifies one statement, as cut out by {@link StatementSplitter#split}. */
    public Classification classify(SqlStatement statement) {
        if (statement.unlexable()) {
            return new ClassificationBuilder(statement, StatementClass.UNKNOWN, statement.lexError()).build();
        }
        if (statement.tokens().isEmpty()) {
            return new ClassificationBuilder(statement, StatementClass.UNKNOWN, "empty statement").build();
        }
        Classification classification = tokenRules.classify(statement);
        if (classification == null) {
            classification = ParsedStatementClassifier.classify(statement);
        }
        return raiseForFunctions(classification);
    }

    /**
     * Raises a statement's class for what its calls and targets do: administration functions make it admin,
     * sequence writers make a read a write, and changing the session's role through {@code set_config} or an
     * {@code UPDATE} of {@code pg_settings} makes it a privilege change. Settings changed that way are flagged.
     */
    private static Classification raiseForFunctions(Classification classification) {
        boolean admin = false;
        boolean writes = false;
        boolean setConfig = false;
        for (String function : classification.functions()) {
            String name = unqualified(function);
            admin |= ADMIN_FUNCTIONS.contains(name) || name.startsWith("dblink");
            writes |= SEQUENCE_WRITERS.contains(name);
            setConfig |= SettingChanges.fold(name).equals("set_config");
        }
        boolean pgSettings = classification.writes().stream().anyMatch(SettingChanges::isPgSettings);
        if (!admin && !writes && !setConfig && !pgSettings) {
            return classification;
        }
        ClassificationBuilder builder = new ClassificationBuilder(classification.statement(),
                classification.statementClass(), classification.detail());
        builder.absorb(classification);
        boolean role = setConfig && SettingChanges.setConfigCalls(classification.statement().tokens(), builder);
        role |= pgSettings && SettingChanges.anySetting(builder);
        StatementClass statementClass = classification.statementClass();
        if (statementClass == StatementClass.UNKNOWN) {
            return builder.build();
        }
        if (admin) {
            builder.statementClass(StatementClass.ADMIN).detail(classification.detail()
                    + "; calls an administration function");
        } else if (role) {
            builder.statementClass(StatementClass.PRIVILEGE).detail(classification.detail()
                    + "; may change the session's role");
        } else if (writes && statementClass == StatementClass.READ) {
            builder.statementClass(StatementClass.WRITE);
        }
        return builder.build();
    }

    /** The function's name without a {@code pg_catalog.} (or any) schema. */
    static String unqualified(String function) {
        int dot = function.lastIndexOf('.');
        return dot < 0 ? function : function.substring(dot + 1);
    }
}
