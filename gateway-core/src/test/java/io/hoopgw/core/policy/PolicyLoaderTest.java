package io.hoopgw.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hoopgw.core.sql.StatementClass;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyLoaderTest {

    @Test
    void loadsRulesPermissionsAndGuardrails() {
        Policy policy = TestPolicies.policy();
        assertThat(policy.rules()).extracting(PolicyRule::name)
                .containsExactly("analysts-read-only", "engineers-write-public", "no-pg-sleep", "admins");
        PolicyRule analysts = policy.rules().get(0);
        assertThat(analysts.readOnly()).isTrue();
        assertThat(analysts.allow().classes())
                .containsExactlyInAnyOrder(StatementClass.READ, StatementClass.SESSION, StatementClass.TRANSACTION);
        assertThat(analysts.allow().reads()).as("absent means any relation").isNull();
        assertThat(analysts.deny().reads()).containsExactly(new RelationPattern("payments", "*"));
        assertThat(policy.rules().get(2).targets()).containsExactly("*");
        assertThat(policy.guardrails()).isEqualTo(new Guardrails(true, 10_000, 20, 0, Duration.ZERO));
        assertThat(policy.defaultFunctions()).isEqualTo(DefaultFunctions.PATTERNS);
        assertThat(policy.unqualifiedSchemas()).containsExactly("public");
    }

    @Test
    void readsDurationsAndDisablesDefaultFunctions() throws PolicyException {
        Policy policy = PolicyLoader.load(Map.of(
                "defaultFunctions", false,
                "unqualifiedSchemas", List.of("app", "public"),
                "guardrails", Map.of("requireWhere", false, "maxRows", 500, "statementTimeout", "30s"),
                "rules", List.of()), "policy");
        assertThat(policy.defaultFunctions()).isEmpty();
        assertThat(policy.unqualifiedSchemas()).containsExactly("app", "public");
        assertThat(policy.guardrails().requireWhere()).isFalse();
        assertThat(policy.guardrails().maxRows()).isEqualTo(500);
        assertThat(policy.guardrails().statementTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void reportsEveryProblemWithItsKey() {
        Map<String, Object> badRule = new HashMap<>();
        badRule.put("name", "broken");
        badRule.put("groups", List.of());
        badRule.put("targets", List.of("*", "app"));
        badRule.put("readOnly", "yes");
        badRule.put("allow", Map.of("classes", List.of("read", "reads"), "read", List.of("customers"),
                "colour", "blue"));
        badRule.put("deny", Map.of("functions", List.of("a.b.c")));
        Map<String, Object> node = Map.of(
                "guardrails", Map.of("maxStatementsPerQuery", 0, "statementTimeout", "soon"),
                "rules", List.of(badRule, Map.of("name", "dup", "groups", "g", "targets", "*"),
                        Map.of("name", "dup", "groups", List.of("*"), "targets", "*")),
                "extra", 1);
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.load(node, "policy"));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "policy.extra: unknown key (expected one of [defaultFunctions, guardrails, rules, "
                        + "unqualifiedSchemas])",
                "policy.guardrails.maxStatementsPerQuery: must be a whole number from 1 to 2147483647",
                "policy.guardrails.statementTimeout: must be a duration such as 500ms, 30s, 5m or 1h, "
                        + "or milliseconds",
                "policy.rules[0].groups: must be a non-empty list of strings",
                "policy.rules[0].targets: '*' must be the only entry when used",
                "policy.rules[0].readOnly: must be true or false",
                "policy.rules[0].allow.colour: unknown key (expected one of [classes, functions, read, write])",
                "policy.rules[0].allow.classes[1]: unknown statement class 'reads' (one of read, write, ddl, "
                        + "privilege, admin, session, transaction, unknown)",
                "policy.rules[0].allow.read[0]: 'customers' is not schema.relation (use * as a wildcard, "
                        + "e.g. payments.* or *.*)",
                "policy.rules[0].deny.functions[0]: 'a.b.c' is not a function name or schema.name",
                "policy.rules[2].groups: '*' is not allowed here: name the groups");
        assertThat(e.getMessage()).startsWith("invalid policy: policy.");
    }

    @Test
    void duplicateRuleNamesAreRejected() {
        Map<String, Object> node = Map.of("rules", List.of(
                Map.of("name", "same", "groups", "a", "targets", "*"),
                Map.of("name", "same", "groups", "b", "targets", "*")));
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.load(node, "policy"));
        assertThat(e.problems()).containsExactly("policy.rules[1].name: 'same' is already used");
    }

    @Test
    void rulesAreRequired() {
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.load(Map.of(), "p"));
        assertThat(e.problems()).containsExactly("p.rules: is required");
        PolicyException notMap = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.load("x", "p"));
        assertThat(notMap.problems()).containsExactly("p: must be a mapping");
    }

    @Test
    void aFileOfItsOwnNamesKeysWithoutAPrefix() {
        Map<String, Object> node = Map.of("rules", List.of(Map.of("name", "r", "targets", "*")), "colour", 1);
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.load(node, ""));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "colour: unknown key (expected one of [defaultFunctions, guardrails, rules, unqualifiedSchemas])",
                "rules[0].groups: is required");
        PolicyException notMap = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.load(List.of(), ""));
        assertThat(notMap.problems()).containsExactly("the policy: must be a mapping");
    }
}
