package io.hoopgw.benchmarks;

import io.hoopgw.core.policy.Decision;
import io.hoopgw.core.policy.PolicyEngine;
import io.hoopgw.core.policy.PolicyException;
import io.hoopgw.core.policy.PolicyLoader;
import io.hoopgw.core.sql.Classification;
import io.hoopgw.core.sql.SqlStatement;
import io.hoopgw.core.sql.StatementClassifier;
import io.hoopgw.core.sql.StatementSplitter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The policy check every simple Query waits for before it may go upstream.
 *
 * <p>{@link #decideCacheHit} is a repeated text (an application's fixed queries, a pool's validation query): a
 * hash look-up. {@link #decideCacheMiss} is a text never seen before, which is the common case for {@code pgbench
 * -S} in simple-protocol mode and for any client that inlines literals: split, lex, parse with JSqlParser, judge,
 * and insert into the cache (which fills to its bound and then evicts). The two classify benchmarks are the split
 * and classification alone, for the shortest query a gateway sees and for one of the long catalog queries pgjdbc
 * sends from {@code DatabaseMetaData}, which tools such as DBeaver run on connect.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class PolicyBenchmark {
    /** pgbench's built-in select-only script as {@code -M simple} sends it, with {@code :aid} substituted. */
    static final String PGBENCH_SELECT = "SELECT abalance FROM pgbench_accounts WHERE aid = 48213;";

    /** pgjdbc 42.7's {@code DatabaseMetaData.getTables(null, "public", "%", {"TABLE"})}, as sent. */
    static final String JDBC_GET_TABLES = "SELECT current_database() AS \"TABLE_CAT\", n.nspname AS \"TABLE_SCHEM\","
            + " c.relname AS \"TABLE_NAME\",  CASE n.nspname ~ '^pg_' OR n.nspname = 'information_schema' "
            + " WHEN true THEN CASE  WHEN n.nspname = 'pg_catalog' OR n.nspname = 'information_schema' THEN CASE"
            + " c.relkind   WHEN 'r' THEN 'SYSTEM TABLE'   WHEN 'v' THEN 'SYSTEM VIEW'   WHEN 'i' THEN 'SYSTEM INDEX'"
            + "   ELSE NULL   END  WHEN n.nspname = 'pg_toast' THEN CASE c.relkind   WHEN 'r' THEN 'SYSTEM TOAST TABLE'"
            + "   WHEN 'i' THEN 'SYSTEM TOAST INDEX'   ELSE NULL   END  ELSE CASE c.relkind   WHEN 'r' THEN"
            + " 'TEMPORARY TABLE'   WHEN 'p' THEN 'TEMPORARY TABLE'   WHEN 'i' THEN 'TEMPORARY INDEX'   WHEN 'S' THEN"
            + " 'TEMPORARY SEQUENCE'   WHEN 'v' THEN 'TEMPORARY VIEW'   ELSE NULL   END  END  WHEN false THEN CASE"
            + " c.relkind  WHEN 'r' THEN 'TABLE'  WHEN 'p' THEN 'PARTITIONED TABLE'  WHEN 'i' THEN 'INDEX'  WHEN 'P'"
            + " then 'PARTITIONED INDEX'  WHEN 'S' THEN 'SEQUENCE'  WHEN 'v' THEN 'VIEW'  WHEN 'c' THEN 'TYPE'  WHEN"
            + " 'f' THEN 'FOREIGN TABLE'  WHEN 'm' THEN 'MATERIALIZED VIEW'  ELSE NULL  END  ELSE NULL  END  AS"
            + " \"TABLE_TYPE\", d.description AS \"REMARKS\",  '' as \"TYPE_CAT\", '' as \"TYPE_SCHEM\", '' as"
            + " \"TYPE_NAME\", '' AS \"SELF_REFERENCING_COL_NAME\", '' AS \"REF_GENERATION\"  FROM"
            + " pg_catalog.pg_namespace n, pg_catalog.pg_class c  LEFT JOIN pg_catalog.pg_description d ON (c.oid ="
            + " d.objoid AND d.objsubid = 0  and d.classoid = 'pg_class'::regclass)  WHERE c.relnamespace = n.oid "
            + " AND n.nspname LIKE 'public' AND c.relname LIKE '%' AND (false  OR ( c.relkind = 'r' AND n.nspname"
            + " !~ '^pg_' AND n.nspname <> 'information_schema' ) )  ORDER BY \"TABLE_TYPE\",\"TABLE_SCHEM\","
            + "\"TABLE_NAME\" ";

    private static final String TARGET = "app";
    private static final Set<String> GROUPS = Set.of("analysts");

    private PolicyEngine engine;
    private StatementClassifier classifier;
    private long nextAid;

    /** Loads a small policy, as its YAML would read, and caches the decision for the hit benchmark. */
    @Setup(Level.Trial)
    public void setUp() throws PolicyException {
        engine = new PolicyEngine(PolicyLoader.load(Map.of(
                "guardrails", Map.of("maxStatementLength", 100_000, "maxStatementsPerQuery", 20),
                "rules", List.of(
                        Map.of("name", "analysts-read-only",
                                "groups", List.of("analysts"),
                                "targets", List.of("*"),
                                "readOnly", true,
                                "allow", Map.of("classes", List.of("read", "session", "transaction")),
                                "deny", Map.of("read", List.of("payments.*"), "functions", List.of("pg_sleep*"))),
                        Map.of("name", "engineers-write-public",
                                "groups", List.of("engineers"),
                                "targets", List.of("app"),
                                "allow", Map.of("classes", List.of("read", "write", "session", "transaction"),
                                        "read", List.of("public.*", "pg_catalog.*"),
                                        "write", List.of("public.*"))))), "policy"));
        classifier = new StatementClassifier();
        engine.decide(GROUPS, TARGET, PGBENCH_SELECT, true);
        nextAid = 1;
    }

    /** A statement text decided before: the cost of the cache key and look-up. */
    @Benchmark
    public Decision decideCacheHit() {
        return engine.decide(GROUPS, TARGET, PGBENCH_SELECT, true);
    }

    /** A statement text never seen before (a fresh {@code aid} each time; the concatenation is a few ns of it). */
    @Benchmark
    public Decision decideCacheMiss() {
        return engine.decide(GROUPS, TARGET, "SELECT abalance FROM pgbench_accounts WHERE aid = " + nextAid++ + ";",
                true);
    }

    /** Split and classify pgbench's select, without the policy or the cache. */
    @Benchmark
    public Classification classifyPgbenchSelect() {
        return splitAndClassify(PGBENCH_SELECT);
    }

    /** Split and classify pgjdbc's getTables query, without the policy or the cache. */
    @Benchmark
    public Classification classifyJdbcGetTables() {
        return splitAndClassify(JDBC_GET_TABLES);
    }

    private Classification splitAndClassify(String sql) {
        List<SqlStatement> statements = StatementSplitter.split(sql, true);
        Classification last = null;
        for (SqlStatement statement : statements) {
            last = classifier.classify(statement);
        }
        return last;
    }
}
