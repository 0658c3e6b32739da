package io.hoopgw.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.core.sql.StatementClass;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attempts to get a write, a server-file read, a privilege change or a way out of read-only mode past a read-only
 * group. Every case must be denied; the tools such a group legitimately uses must still work.
 */
class AdversarialTest {
    private static final Set<String> ANALYSTS = Set.of("analysts");
    private static final PolicyEngine ENGINE = new PolicyEngine(TestPolicies.policy());
    /** A read-only group allowed every class and every function: only flags and guardrails stop it. */
    private static final PolicyEngine READ_ONLY_ANYTHING = new PolicyEngine(TestPolicies.readOnlyAnything());

    static List<String> deniedCases() {
        return AdversarialCases.deniedForReadOnly();
    }

    @ParameterizedTest
    @MethodSource("deniedCases")
    void deniedForAReadOnlyGroup(String sql) {
        Decision decision = ENGINE.decide(ANALYSTS, "app", sql, true);
        assertThat(decision.allowed()).as(decision.message()).isFalse();
        assertThat(decision.message()).startsWith("hoopgw: policy denies ").endsWith(")");
    }

    static List<String> escapes() {
        return AdversarialCases.readOnlyEscapes();
    }

    /**
     * Every way out of read-only mode, UTF8 or the session's role: denied for analysts, and for a read-only group
     * that may otherwise do anything at all.
     */
    @ParameterizedTest
    @MethodSource("escapes")
    void noWayOutOfReadOnlyUtf8OrTheSessionsRole(String sql) {
        Decision analysts = ENGINE.decide(ANALYSTS, "app", sql, true);
        assertThat(analysts.allowed()).as(analysts.message()).isFalse();
        Decision anything = READ_ONLY_ANYTHING.decide(Set.of("robots"), "app", sql, true);
        assertThat(anything.allowed()).as(anything.message()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SET client_encoding = 'UTF8'",
            "SET client_encoding TO 'utf-8'",
            "SET client_encoding = 'unicode'",
            "SET NAMES 'UTF8'",
            "SET default_transaction_read_only = on",
            "SET default_transaction_read_only TO 'true'",
            "SET transaction_read_only = on",
            "SET TRANSACTION READ ONLY",
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
            "BEGIN READ ONLY",
            "START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
            "SHOW client_encoding",
            "SHOW default_transaction_read_only",
            "SELECT current_setting('default_transaction_read_only')",
            "SELECT name, setting FROM pg_settings WHERE name = 'client_encoding'",
    })
    void harmlessSettingsStillWorkForAReadOnlyGroup(String sql) {
        Decision analysts = ENGINE.decide(ANALYSTS, "app", sql, true);
        assertThat(analysts.allowed()).as(analysts.message()).isTrue();
        Decision anything = READ_ONLY_ANYTHING.decide(Set.of("robots"), "app", sql, true);
        assertThat(anything.allowed()).as(anything.message()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 'a\\'; DELETE FROM customers WHERE id = 1; --'",
            "SELECT 'x\\' ; SET default_transaction_read_only = off; --'",
    })
    void deniedWithoutStandardConformingStringsToo(String sql) {
        // Without standard_conforming_strings these are single strings, so harmless; with it they smuggle.
        assertThat(ENGINE.decide(ANALYSTS, "app", sql, false).allowed()).isTrue();
        assertThat(ENGINE.decide(ANALYSTS, "app", sql, true).allowed()).isFalse();
    }

    @Test
    void unlexableInputIsUnknown() {
        Decision decision = ENGINE.decide(ANALYSTS, "app", "SELECT 'x; DELETE FROM customers", true);
        assertThat(decision.statements()).singleElement()
                .satisfies(statement -> assertThat(statement.statementClass()).isEqualTo(StatementClass.UNKNOWN));
        assertThat(decision.message()).contains("denies unknown");
    }

    static Stream<String> toolQueries() {
        return io.hoopgw.core.sql.StatementCorpusAccess.catalogReads();
    }

    @ParameterizedTest
    @MethodSource("toolQueries")
    void toolsStillWork(String sql) {
        Decision decision = ENGINE.decide(ANALYSTS, "app", sql, true);
        assertThat(decision.allowed()).as(decision.message()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT abalance FROM pgbench_accounts WHERE aid = 4242;",
            "BEGIN; SELECT * FROM customers WHERE id = $1; COMMIT",
            "SET application_name = 'PostgreSQL JDBC Driver'",
            "SET extra_float_digits = 3",
            "SHOW transaction_read_only",
            "SET default_transaction_read_only = on",
            "EXPLAIN SELECT * FROM customers",
            "DECLARE c CURSOR FOR SELECT * FROM customers",
            "FETCH 10 FROM c",
            "SELECT E'it\\'s; fine' AS note",
            "SELECT 'DELETE FROM customers' AS text",
            "SELECT \"delete\" FROM customers_audit",
    })
    void ordinaryReadsStillWork(String sql) {
        Decision decision = ENGINE.decide(ANALYSTS, "app", sql, true);
        assertThat(decision.allowed()).as(decision.message()).isTrue();
    }
}
