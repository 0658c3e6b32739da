package io.hoopgw.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hoopgw.core.policy.Decision;
import io.hoopgw.core.policy.PolicyEngine;
import io.hoopgw.core.policy.PolicyRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code policy} section: inline rules or a policy file, validated by gateway-core, problems named by key. */
class PolicySectionTest {
    private static final String BASE = """
            listeners: [{host: 127.0.0.1, port: 6432, allowPlaintext: true}]
            issuers: [{issuer: https://idp.example.com, audience: hoopgw, groupsClaim: groups}]
            targets:
              orders: {host: db.internal, tls: {mode: disable}, defaultRole: app_ro, roles: {app_ro: {}}}
            grants: [{name: read, groups: [analysts], targets: [orders], roles: [app_ro]}]
            """;

    private static final String RULES = """
            rules:
              - name: analysts-read-only
                groups: [analysts]
                targets: [orders]
                readOnly: true
                allow: {classes: [read, session, transaction]}
                deny: {read: ["payments.*"]}
              - name: writers
                groups: [writers]
                targets: ["*"]
                allow: {classes: [read, write, session, transaction], write: ["public.*"]}
            guardrails: {maxRows: 1000, statementTimeout: 30s}
            """;

    @TempDir
    Path dir;

    private GatewayConfig parse(String policy) throws ConfigException {
        return ConfigLoader.withEnvironment(Map.<String, String>of()::get).read(BASE + policy, "gateway.yaml", dir);
    }

    private List<String> problems(String policy) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(policy));
        return e.getMessage().lines().toList();
    }

    private static String indented(String yaml) {
        return yaml.lines().map(line -> "  " + line).reduce("", (a, b) -> a + b + "\n");
    }

    @Test
    void noSectionMeansNoPolicy() throws Exception {
        assertThat(parse("").policy()).isEmpty();
    }

    @Test
    void inlineRulesAreLoadedAndDecide() throws Exception {
        PolicySettings settings = parse("policy:\n" + indented(RULES)).policy().orElseThrow();

        assertThat(settings.file()).isEmpty();
        assertThat(settings.policy().rules()).extracting(PolicyRule::name)
                .containsExactly("analysts-read-only", "writers");
        assertThat(settings.policy().guardrails().maxRows()).isEqualTo(1000);
        assertThat(settings.policy().guardrails().statementTimeout()).isEqualTo(Duration.ofSeconds(30));
        PolicyEngine engine = new PolicyEngine(settings.policy());
        assertThat(engine.readOnly(Set.of("analysts"), "orders")).isTrue();
        assertThat(engine.readOnly(Set.of("writers"), "orders")).isFalse();
        Decision denied = engine.decide(Set.of("analysts"), "orders", "SELECT * FROM payments.cards", true);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.rule()).isEqualTo("analysts-read-only");
        assertThat(engine.decide(Set.of("writers"), "orders", "DELETE FROM t WHERE id = 1", true).allowed())
                .isTrue();
    }

    @Test
    void aPolicyFileIsReadRelativeToTheConfiguration() throws Exception {
        Files.createDirectories(dir.resolve("policies"));
        Files.writeString(dir.resolve("policies/orders.yaml"), RULES);

        PolicySettings settings = parse("policy:\n  file: policies/orders.yaml\n").policy().orElseThrow();

        assertThat(settings.file()).contains(dir.resolve("policies/orders.yaml").toAbsolutePath());
        assertThat(settings.policy().rules()).extracting(PolicyRule::name)
                .containsExactly("analysts-read-only", "writers");
    }

    @Test
    void inlineProblemsNameTheFileAndTheKey() {
        assertThat(problems("""
                policy:
                  rules:
                    - name: broken
                      groups: [analysts]
                      targets: [orders]
                      allow: {classes: [read, wirte]}
                  guardrails: {maxRows: -1}
                  colour: blue
                """)).containsExactlyInAnyOrder(
                "gateway.yaml: policy.colour: unknown key (expected one of [defaultFunctions, guardrails, rules, "
                        + "unqualifiedSchemas])",
                "gateway.yaml: policy.guardrails.maxRows: must be a whole number from 0 up",
                "gateway.yaml: policy.rules[0].allow.classes[1]: unknown statement class 'wirte' (one of read, "
                        + "write, ddl, privilege, admin, session, transaction, unknown)");
    }

    @Test
    void policyFileProblemsNameBothFilesAndTheKeyInThePolicyFile() throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, """
                rules:
                  - name: analysts
                    targets: ["*"]
                    allow: {read: [customers]}
                """);

        assertThat(problems("policy: {file: policy.yaml}\n")).containsExactlyInAnyOrder(
                "gateway.yaml: policy.file: " + file + ": rules[0].groups: is required",
                "gateway.yaml: policy.file: " + file + ": rules[0].allow.read[0]: 'customers' is not "
                        + "schema.relation (use * as a wildcard, e.g. payments.* or *.*)");
    }

    @Test
    void aPolicyFileThatIsNotYamlIsReportedWithItsPosition() throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "rules:\n  - name: a\n   groups: [x]\n");

        assertThat(problems("policy: {file: policy.yaml}\n")).singleElement().asString()
                .startsWith("gateway.yaml: policy.file: " + file + ": invalid YAML: line 3");
    }

    @Test
    void anEmptyOrMissingPolicyFileIsAProblem() throws Exception {
        Files.writeString(dir.resolve("empty.yaml"), "# nothing yet\n");

        assertThat(problems("policy: {file: empty.yaml}\n")).containsExactly(
                "gateway.yaml: policy.file: " + dir.resolve("empty.yaml") + ": the policy file is empty");
        assertThat(problems("policy: {file: missing.yaml}\n")).singleElement().asString()
                .startsWith("gateway.yaml: policy.file: ").contains("missing.yaml");
    }

    @Test
    void rulesAreEitherInlineOrInTheFile() throws Exception {
        Files.writeString(dir.resolve("policy.yaml"), RULES);

        assertThat(problems("policy:\n  file: policy.yaml\n  rules: []\n")).containsExactly(
                "gateway.yaml: policy.rules: not allowed with policy.file: the rules are either inline or in the "
                        + "policy file, not both");
    }

    @Test
    void theSectionMustBeAMapping() {
        assertThat(problems("policy: [a, b]\n")).containsExactly(
                "gateway.yaml: policy: must be a mapping (the rules, or file: path), not a list");
        assertThat(problems("policy: {}\n")).containsExactly("gateway.yaml: policy.rules: is required");
    }
}
