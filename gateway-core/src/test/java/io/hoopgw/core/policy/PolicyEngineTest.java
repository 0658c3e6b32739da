package io.hoopgw.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.core.sql.RelationName;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {
    private static final Set<String> ANALYSTS = Set.of("analysts");
    private static final Set<String> ENGINEERS = Set.of("engineers");
    private final PolicyEngine engine = new PolicyEngine(TestPolicies.policy());

    private Decision decide(Set<String> groups, String target, String sql) {
        return engine.decide(groups, target, sql, true);
    }

    @Test
    void noMatchingAllowDeniesAndNamesTheRuleThatApplies() {
        Decision decision = decide(ANALYSTS, "app", "UPDATE public.customers SET name = 'x' WHERE id = 1");
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.rule()).isEqualTo("analysts-read-only");
        assertThat(decision.message()).isEqualTo(
                "hoopgw: policy denies write on public.customers for groups [analysts] (rule: analysts-read-only)");
    }

    @Test
    void allowNamesItsRule() {
        Decision decision = decide(ANALYSTS, "app", "SELECT id, lower(name) FROM public.customers");
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.rule()).isEqualTo("analysts-read-only");
        assertThat(decision.message()).isEqualTo(
                "hoopgw: policy allows read on public.customers for groups [analysts] (rule: analysts-read-only)");
        assertThat(decision.statements()).singleElement()
                .satisfies(statement -> assertThat(statement.reads())
                        .containsExactly(new RelationName("public", "customers")));
    }

    @Test
    void explicitDenyBeatsAllow() {
        Decision decision = decide(ANALYSTS, "app", "SELECT * FROM payments.cards");
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.message()).isEqualTo(
                "hoopgw: policy denies read on payments.cards for groups [analysts] (rule: analysts-read-only)");
        Decision sleep = decide(Set.of("analysts", "dba"), "app", "SELECT pg_sleep(1)");
        assertThat(sleep.allowed()).isFalse();
        assertThat(sleep.rule()).isEqualTo("no-pg-sleep");
    }

    @Test
    void relationAllowListsBindWritesAndReads() {
        assertThat(decide(ENGINEERS, "app", "INSERT INTO public.orders (id) VALUES (1)").allowed()).isTrue();
        assertThat(decide(ENGINEERS, "app", "INSERT INTO orders (id) VALUES (1)").allowed())
                .as("unqualified names resolve in the assumed schemas").isTrue();
        Decision audit = decide(ENGINEERS, "app", "INSERT INTO audit.log (id) VALUES (1)");
        assertThat(audit.message()).isEqualTo(
                "hoopgw: policy denies write on audit.log for groups [engineers] (rule: engineers-write-public)");
        Decision read = decide(ENGINEERS, "app", "SELECT * FROM billing.invoices");
        assertThat(read.message()).contains("denies read on billing.invoices");
    }

    @Test
    void targetsLimitRules() {
        Decision decision = decide(ENGINEERS, "reporting", "INSERT INTO public.orders (id) VALUES (1)");
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.rule()).isEqualTo("no-pg-sleep");
        Decision nobody = decide(Set.of("visitors"), "app", "SELECT 1");
        assertThat(nobody.rule()).isEqualTo(Decision.NO_RULE);
        assertThat(nobody.message()).isEqualTo(
                "hoopgw: policy denies read for groups [visitors] (no rule applies to this target) (rule: default-deny)");
    }

    @Test
    void functionsOutsideTheAllowListAreDenied() {
        Decision decision = decide(ANALYSTS, "app", "SELECT pg_catalog.set_config('application_name', 'x', false)");
        assertThat(decision.message()).isEqualTo(
                "hoopgw: policy denies function pg_catalog.set_config for groups [analysts] (rule: analysts-read-only)");
        assertThat(decide(ANALYSTS, "app", "SELECT pg_catalog.format_type(23, NULL), count(*) FROM pg_class")
                .allowed()).isTrue();
        assertThat(decide(ANALYSTS, "app", "SELECT evil.lower('x')").allowed())
                .as("an unqualified allow-list entry covers pg_catalog only").isFalse();
        assertThat(decide(Set.of("dba"), "app", "SELECT pg_read_file('/etc/hostname')").allowed()).isTrue();
    }

    @Test
    void guardrailsHoldForEveryone() {
        Decision noWhere = decide(ENGINEERS, "app", "DELETE FROM public.orders");
        assertThat(noWhere.rule()).isEqualTo("guardrail:require-where");
        assertThat(noWhere.message()).isEqualTo("hoopgw: policy denies write without WHERE on [public.orders] "
                + "for groups [engineers] (rule: guardrail:require-where)");
        Decision tooMany = decide(ENGINEERS, "app", "SELECT 1;".repeat(21));
        assertThat(tooMany.rule()).isEqualTo("guardrail:max-statements-per-query");
        assertThat(decide(ENGINEERS, "app", "SELECT 1;".repeat(20)).allowed()).isTrue();
        Decision tooLong = decide(ENGINEERS, "app", "SELECT '" + "x".repeat(10_000) + "'");
        assertThat(tooLong.rule()).isEqualTo("guardrail:max-statement-length");
    }

    @Test
    void everyStatementOfAQueryMustPass() {
        Decision decision = decide(ANALYSTS, "app", "SELECT 1; SELECT * FROM payments.cards; SELECT 2");
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.statements()).hasSize(3);
        assertThat(decide(ANALYSTS, "app", "BEGIN; SELECT 1; COMMIT").allowed()).isTrue();
        assertThat(decide(ANALYSTS, "app", ";;").allowed()).as("an empty query runs nothing").isTrue();
    }

    @Test
    void readOnlyIdentitiesAreFlagged() {
        assertThat(engine.readOnly(ANALYSTS, "app")).isTrue();
        assertThat(engine.readOnly(ENGINEERS, "app")).isFalse();
        Decision decision = decide(ANALYSTS, "app", "SET default_transaction_read_only = off");
        assertThat(decision.message()).isEqualTo(
                "hoopgw: policy denies leaving read-only mode for groups [analysts] (rule: analysts-read-only)");
        assertThat(decide(ANALYSTS, "app", "SET default_transaction_read_only = on").allowed()).isTrue();
        assertThat(decide(ENGINEERS, "app", "SET default_transaction_read_only = off").allowed()).isTrue();
    }

    @Test
    void decisionsAreCachedByTextTargetAndGroups() {
        PolicyEngine fresh = new PolicyEngine(TestPolicies.policy());
        Decision first = fresh.decide(ANALYSTS, "app", "SELECT 1", true);
        assertThat(fresh.decide(ANALYSTS, "app", "SELECT 1", true)).isSameAs(first);
        assertThat(fresh.cachedDecisions()).isEqualTo(1);
        fresh.decide(ANALYSTS, "other", "SELECT 1", true);
        fresh.decide(ENGINEERS, "app", "SELECT 1", true);
        fresh.decide(ANALYSTS, "app", "SELECT 1", false);
        assertThat(fresh.cachedDecisions()).isEqualTo(4);
        PolicyEngine uncached = new PolicyEngine(TestPolicies.policy(), 0);
        assertThat(uncached.decide(ANALYSTS, "app", "SELECT 1", true))
                .isNotSameAs(uncached.decide(ANALYSTS, "app", "SELECT 1", true));
    }

    @Test
    void classifiedStatementsCanBeDecidedDirectly() {
        var classifier = new io.hoopgw.core.sql.StatementClassifier();
        var statements = classifier.classifyAll("SELECT * FROM public.customers", true);
        assertThat(engine.decide(ANALYSTS, "app", statements.get(0)).allowed()).isTrue();
        assertThat(engine.decide(ANALYSTS, "app", List.of()).allowed()).isTrue();
    }

    @Test
    void nobodyChangesClientEncodingAwayFromUtf8() {
        Decision dba = decide(Set.of("dba"), "app", "SET client_encoding = 'LATIN1'");
        assertThat(dba.allowed()).isFalse();
        assertThat(dba.message()).isEqualTo("hoopgw: policy denies changing client_encoding from UTF8 (the gateway "
                + "reads SQL as UTF-8) for groups [dba] (rule: guardrail:client-encoding)");
        assertThat(decide(Set.of("dba"), "app", "SET NAMES 'utf-8'").allowed()).isTrue();
        assertThat(decide(Set.of("dba"), "app", "SELECT set_config('client_encoding', 'SJIS', false)").rule())
                .isEqualTo("guardrail:client-encoding");
    }

    @Test
    void aReadOnlyIdentityKeepsItsRoleWhateverItsClassesAllow() {
        PolicyEngine robots = new PolicyEngine(TestPolicies.readOnlyAnything());
        Decision setRole = robots.decide(Set.of("robots"), "app", "SET ROLE postgres", true);
        assertThat(setRole.message()).isEqualTo("hoopgw: policy denies changing the session's role in read-only "
                + "mode for groups [robots] (rule: robots-read-only)");
        assertThat(robots.decide(Set.of("robots"), "app", "RESET ROLE", true).allowed())
                .as("back to the role it logged in as").isTrue();
        assertThat(decide(Set.of("dba"), "app", "SET ROLE postgres").allowed())
                .as("a read-write identity allowed privilege statements may").isTrue();
        assertThat(decide(Set.of("dba"), "app", "SELECT set_config('role', 'postgres', false)").statements().get(0)
                .statementClass()).isEqualTo(io.hoopgw.core.sql.StatementClass.PRIVILEGE);
    }
}
