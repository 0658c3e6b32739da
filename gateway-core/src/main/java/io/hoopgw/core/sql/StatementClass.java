package io.hoopgw.core.sql;

import java.util.Locale;

/** What a statement does, in the terms policy rules allow or deny. */
public enum StatementClass {
    /** Reads data: SELECT, VALUES, TABLE, SHOW-free catalog queries, COPY ... TO STDOUT. */
    READ,
    /** Changes data: INSERT, UPDATE, DELETE, MERGE, TRUNCATE, COPY FROM STDIN, SELECT INTO, FOR UPDATE/SHARE. */
    WRITE,
    /** Changes the schema: CREATE, ALTER, DROP, COMMENT of tables, views, indexes, functions and the like. */
    DDL,
    /** Changes who may do what: GRANT, REVOKE, roles, SET ROLE, SET SESSION AUTHORIZATION. */
    PRIVILEGE,
    /** Operates the server: ALTER SYSTEM, VACUUM, CHECKPOINT, LOAD, COPY with a file or PROGRAM, DO, CALL. */
    ADMIN,
    /** Session state: SET, SHOW and RESET of ordinary settings, LISTEN, NOTIFY, prepared statements, cursors. */
    SESSION,
    /** Transaction control: BEGIN, COMMIT, ROLLBACK, SAVEPOINT. */
    TRANSACTION,
    /** Not understood; only a rule that allows {@code unknown} lets it through. */
    UNKNOWN;

    /** The name used in policy files and messages, e.g. {@code write}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The class named {@code name} in a policy file, or null when there is none. */
    public static StatementClass fromConfigName(String name) {
        for (StatementClass value : values()) {
            if (value.configName().equals(name)) {
                return value;
            }
        }
        return null;
    }
}
