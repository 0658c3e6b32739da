package io.hoopgw.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hoopgw.core.mask.ColumnRule;
import io.hoopgw.core.mask.MaskCounts;
import io.hoopgw.core.mask.Masker;
import io.hoopgw.core.mask.MaskingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code masking} section: rules read by gateway-core, hash keys from secrets, problems named per rule. */
class MaskingSectionTest {
    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final Map<String, String> ENV = Map.of(
            "MASK_HASH_KEY", KEY,
            "SHORT_KEY", "short");

    private static final String BASE = """
            listeners: [{host: 127.0.0.1, port: 6432, allowPlaintext: true}]
            issuers: [{issuer: https://idp.example.com, audience: hoopgw, groupsClaim: groups}]
            targets:
              orders: {host: db.internal, tls: {mode: disable}, defaultRole: app_ro, roles: {app_ro: {}}}
            grants: [{name: read, groups: [analysts], targets: [orders], roles: [app_ro]}]
            """;

    @TempDir
    Path dir;

    private GatewayConfig parse(String masking) throws ConfigException {
        return ConfigLoader.withEnvironment(ENV::get).read(BASE + masking, "test.yaml", dir);
    }

    private List<String> problems(String masking) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(masking));
        return e.getMessage().lines().toList();
    }

    private static String rule(String body) {
        return "masking:\n  rules:\n    - " + body + "\n";
    }

    @Test
    void detectorAndColumnRulesApplyToEveryGroupButTheExemptOnes() throws Exception {
        MaskingSettings settings = parse("""
                masking:
                  rules:
                    - {name: cards, detect: card, strategy: partial, keep-last: 4, exempt: [finance]}
                    - {name: emails, detect: email, strategy: redact, mask: "[email]"}
                    - {name: birth-dates, column: birth_date, strategy: "null"}
                """).masking().orElseThrow();

        Masker analysts = settings.rules().forGroups(Set.of("analysts"));
        MaskCounts counts = analysts.newCounts();
        assertThat(analysts.maskText("paid with 4111 1111 1111 1111 by bob@example.com", counts))
                .isEqualTo("paid with ************1111 by [email]");
        assertThat(analysts.columnRule(null, null, null, "birth_date").strategy().apply("1990-01-01")).isNull();
        Masker finance = settings.rules().forGroups(Set.of("finance"));
        assertThat(finance.maskText("4111 1111 1111 1111", finance.newCounts())).isEqualTo("4111 1111 1111 1111");
        assertThat(settings.catalogCacheTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.catalogTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theCatalogSettingsCanBeGiven() throws Exception {
        MaskingSettings settings = parse("""
                masking:
                  catalogCacheTtl: 0
                  catalogTimeout: 2s
                  rules: [{name: emails, detect: email, strategy: redact}]
                """).masking().orElseThrow();

        assertThat(settings.catalogCacheTtl()).isZero();
        assertThat(settings.catalogTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void hashKeysComeFromSecretsAndTheSameKeyGivesTheSameTokens() throws Exception {
        Files.writeString(dir.resolve("hash.key"), KEY + "\n");
        String fromEnv = token(parse(rule("{name: ids, column: id, strategy: hash, key: {env: MASK_HASH_KEY}}")));
        String fromFile = token(parse(rule("{name: ids, column: id, strategy: hash, key: {file: hash.key}}")));
        String otherKey = token(parse(rule(
                "{name: ids, column: id, strategy: hash, key: {value: another-key-of-enough-bytes}}")));

        assertThat(fromEnv).startsWith("tok_").isEqualTo(fromFile).isNotEqualTo(otherKey);
    }

    private static String token(GatewayConfig config) {
        MaskingConfig rules = config.masking().orElseThrow().rules();
        ColumnRule rule = (ColumnRule) rules.rules().get(0);
        return rule.strategy().apply("customer-42");
    }

    @Test
    void aHashKeyWrittenInlineIsRefusedWithoutBeingEchoed() {
        List<String> problems = problems(rule("{name: ids, column: id, strategy: hash, key: " + KEY + "}"));

        assertThat(problems).containsExactly("test.yaml: masking.rules[0].key: rule 'ids': must be {env: NAME},"
                + " {file: /path} or {value: ...}, not a plain value");
        assertThat(String.join("\n", problems)).doesNotContain(KEY);
    }

    @Test
    void hashKeyProblemsNameTheRule() {
        assertThat(problems(rule("{name: ids, column: id, strategy: hash}"))).containsExactly(
                "test.yaml: masking.rules[0].key: rule 'ids': a hash rule needs a key (without one the tokens"
                        + " could be reversed by hashing every candidate value)");
        assertThat(problems(rule("{name: ids, column: id, strategy: hash, key: {env: NOT_SET}}"))).containsExactly(
                "test.yaml: masking.rules[0].key: rule 'ids': environment variable NOT_SET is not set");
        List<String> shortKey = problems(rule("{name: ids, column: id, strategy: hash, key: {env: SHORT_KEY}}"));
        assertThat(shortKey).containsExactly("test.yaml: masking.rules[0].key: rule 'ids': must be at least 16 bytes"
                + " long (a random string of 32 characters is a good key)");
    }

    @Test
    void rulesThatCannotWorkAreRejectedWithFileRuleAndReason() {
        assertThat(problems(rule("{name: employee-ids, detect: regex, pattern: \"EMP-[0-9\", strategy: redact}")))
                .singleElement().asString()
                .startsWith("test.yaml: masking.rules[0].pattern: rule 'employee-ids': invalid regular expression:");
        assertThat(problems(rule("{name: cards, detect: card, strategy: scramble}"))).containsExactly(
                "test.yaml: masking.rules[0].strategy: rule 'cards': unknown strategy 'scramble' (expected one of:"
                        + " redact, partial, hash, null)");
        assertThat(problems(rule("{name: cards, detect: cheque, strategy: redact}"))).containsExactly(
                "test.yaml: masking.rules[0].detect: rule 'cards': unknown detector 'cheque' (expected one of:"
                        + " card, email, ssn, iban, regex)");
        assertThat(problems(rule("{name: cards, detect: card, strategy: partial}"))).containsExactly(
                "test.yaml: masking.rules[0]: rule 'cards': partial needs keep-last or keep-first above 0"
                        + " (otherwise use redact)");
        assertThat(problems(rule("{detect: card, strategy: redact}"))).containsExactly(
                "test.yaml: masking.rules[0].name: is required");
    }

    @Test
    void everyRuleProblemIsReportedWithTheOtherSectionsProblems() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.withEnvironment(ENV::get).read(
                BASE.replace("port: 6432", "port: -1") + """
                        masking:
                          rules:
                            - {name: a, detect: email, strategy: redact}
                            - {name: a, detect: ssn, strategy: redact}
                            - {name: b, detect: regex, pattern: "(", strategy: redact}
                            - {name: c, detect: email, strategy: hash}
                        """, "test.yaml", dir));

        assertThat(e.problems()).extracting(ConfigException.Problem::key).containsExactly(
                "listeners[0].port", "masking.rules[1].name", "masking.rules[2].pattern", "masking.rules[3].key");
    }

    @Test
    void sectionProblems() {
        assertThat(problems("masking: {}\n")).containsExactly("test.yaml: masking.rules: is required");
        assertThat(problems("masking: {rules: []}\n")).containsExactly(
                "test.yaml: masking.rules: must have at least one entry");
        assertThat(problems("masking: {rules: {name: a}}\n")).containsExactly(
                "test.yaml: masking.rules: must be a list, not a mapping");
        assertThat(problems("masking: [a]\n")).containsExactly(
                "test.yaml: masking: must be a mapping (key: value pairs), not a list");
        assertThat(problems("masking: {rules: [{name: a, detect: email, strategy: redact}], cacheTtl: 1m}\n"))
                .containsExactly("test.yaml: masking.cacheTtl: unknown key (expected one of: rules,"
                        + " catalogCacheTtl, catalogTimeout)");
        assertThat(problems("masking: {rules: [{name: a, detect: email, strategy: redact}], catalogTimeout: 1500ms}\n"))
                .containsExactly("test.yaml: masking.catalogTimeout: must be whole seconds (pgjdbc's timeouts are)");
        assertThat(problems("masking: {rules: [{name: a, detect: email, strategy: redact}], catalogTimeout: 0}\n"))
                .containsExactly("test.yaml: masking.catalogTimeout: must be at least 1s");
        assertThat(problems("masking: {rules: [a]}\n")).containsExactly(
                "test.yaml: masking.rules[0]: must be a mapping (key: value pairs), not a string");
    }
}
