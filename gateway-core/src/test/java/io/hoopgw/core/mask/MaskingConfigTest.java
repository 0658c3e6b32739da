package io.hoopgw.core.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaskingConfigTest {
    static final String KEY = "0123456789abcdef0123456789abcdef";

    /** A rule map from alternating keys and values, as a YAML parser would produce it. */
    static Map<String, Object> rule(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static MaskingConfig sample() throws MaskConfigException {
        return MaskingConfig.read("masking.rules", List.of(
                rule("name", "tax-ids", "column", "public.customers.tax_*", "strategy", "redact",
                        "mask", "[tax id]", "exempt", List.of("finance")),
                rule("name", "phone-columns", "column", "*phone*", "strategy", "null"),
                rule("name", "cards", "detect", "card", "strategy", "partial", "keep-last", 4,
                        "exempt", List.of("payments")),
                rule("name", "emails", "detect", "email", "strategy", "hash", "key", KEY),
                rule("name", "ssns", "detect", "ssn", "strategy", "redact"),
                rule("name", "ibans", "detect", "iban", "strategy", "partial", "keep-first", 4,
                        "keep-separators", true),
                rule("name", "employees", "detect", "regex", "pattern", "EMP-[0-9]{6}", "strategy", "redact")));
    }

    @Test
    void readsEveryKindOfRule() throws MaskConfigException {
        MaskingConfig config = sample();
        assertThat(config.ruleNames()).containsExactly("tax-ids", "phone-columns", "cards", "emails", "ssns",
                "ibans", "employees");
        ColumnRule taxIds = (ColumnRule) config.rules().get(0);
        assertThat(taxIds.target()).isEqualTo(new ColumnPattern("public", "customers", "tax_*"));
        assertThat(taxIds.strategy()).isEqualTo(new RedactStrategy("[tax id]"));
        assertThat(taxIds.exemptGroups()).containsExactly("finance");
        assertThat(((ColumnRule) config.rules().get(1)).strategy()).isSameAs(NullStrategy.INSTANCE);
        DetectorRule cards = (DetectorRule) config.rules().get(2);
        assertThat(cards.detector()).isInstanceOf(CardNumberDetector.class);
        assertThat(cards.strategy()).isEqualTo(new PartialStrategy(0, 4, '*', false));
        assertThat(((DetectorRule) config.rules().get(3)).strategy())
                .isEqualTo(new HashStrategy(KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8), "tok_"));
        assertThat(((DetectorRule) config.rules().get(4)).strategy()).isEqualTo(new RedactStrategy("****"));
        assertThat(((DetectorRule) config.rules().get(5)).strategy()).isEqualTo(new PartialStrategy(4, 0, '*', true));
        assertThat(((PatternDetector) ((DetectorRule) config.rules().get(6)).detector()).pattern().pattern())
                .isEqualTo("EMP-[0-9]{6}");
        assertThat(MaskingConfig.read("masking.rules", null).rules()).isEmpty();
    }

    @Test
    void exemptGroupsAreLeftOutPerRule() throws MaskConfigException {
        MaskingConfig config = sample();
        Masker analyst = config.forGroups(Set.of("analysts"));
        assertThat(analyst.columnRules()).extracting(MaskRule::name).containsExactly("tax-ids", "phone-columns");
        assertThat(analyst.detectorRules()).hasSize(5);
        Masker finance = config.forGroups(Set.of("finance", "payments"));
        assertThat(finance.columnRules()).extracting(MaskRule::name).containsExactly("phone-columns");
        assertThat(finance.detectorRules()).extracting(MaskRule::name)
                .containsExactly("emails", "ssns", "ibans", "employees");
        assertThat(finance.newCounts().snapshot()).isEmpty();
        assertThat(MaskingConfig.NONE.forGroups(Set.of()).isEmpty()).isTrue();
    }

    @Test
    void columnRulesMatchQualifiedNamesOrColumnNames() throws MaskConfigException {
        Masker masker = sample().forGroups(Set.of());
        assertThat(masker.needsSourceColumns()).isTrue();
        // Only the bare phone-columns rule applies to finance; it must still see source columns, since
        // SELECT home_phone AS p names the column only by its table OID and attribute number.
        assertThat(sample().forGroups(Set.of("finance")).needsSourceColumns()).isTrue();
        assertThat(MaskingConfig.read("masking.rules", List.of(rule("name", "cards", "detect", "card",
                "strategy", "redact"))).forGroups(Set.of()).needsSourceColumns()).isFalse();
        assertThat(masker.columnRule("public", "customers", "tax_id", "tax_id").name()).isEqualTo("tax-ids");
        assertThat(masker.columnRule("PUBLIC", "Customers", "TAX_NUMBER", null).name()).isEqualTo("tax-ids");
        assertThat(masker.columnRule("sales", "customers", "tax_id", "tax_id")).isNull();
        assertThat(masker.columnRule(null, null, null, "tax_id")).isNull();
        assertThat(masker.columnRule(null, null, null, "home_phone").name()).isEqualTo("phone-columns");
        assertThat(masker.columnRule("crm", "people", "mobile_phone", "m").name()).isEqualTo("phone-columns");
        assertThat(masker.columnRule("crm", "people", "name", "name")).isNull();
        assertThat(ColumnPattern.glob("a?c*", "abcdef")).isTrue();
        assertThat(ColumnPattern.glob("a?c*", "acdef")).isFalse();
        assertThat(ColumnPattern.glob("*", "")).isTrue();
    }

    private static List<String> problems(Object rules) {
        try {
            MaskingConfig.read("masking.rules", rules);
        } catch (MaskConfigException e) {
            List<String> lines = new ArrayList<>();
            e.problems().forEach(problem -> lines.add(problem.toString()));
            assertThat(e.getMessage()).isEqualTo(String.join("\n", lines));
            return lines;
        }
        throw new AssertionError("expected the rules to be rejected");
    }

    @Test
    void rejectsEachInvalidRuleNamingKeyRuleAndReason() {
        assertThat(problems(List.of(rule("name", "r", "detect", "card", "strategy", "scramble")))).containsExactly(
                "masking.rules[0].strategy (rule 'r'): unknown strategy 'scramble' (expected one of: redact, partial,"
                        + " hash, null)");
        assertThat(problems(List.of(rule("name", "emp", "detect", "regex", "pattern", "EMP-(", "strategy",
                "redact")))).singleElement().asString()
                .startsWith("masking.rules[0].pattern (rule 'emp'): invalid regular expression: Unclosed group");
        assertThat(problems(List.of(rule("name", "h", "detect", "email", "strategy", "hash")))).singleElement()
                .asString().startsWith("masking.rules[0].key (rule 'h'): a hash rule needs a key");
        assertThat(problems(List.of(rule("name", "h", "detect", "email", "strategy", "hash", "key", "short"))))
                .singleElement().asString().startsWith("masking.rules[0].key (rule 'h'): must be at least 16 bytes");
        assertThat(problems(List.of(rule("name", "n", "detect", "email", "strategy", "null")))).singleElement()
                .asString().startsWith("masking.rules[0].strategy (rule 'n'): null applies to column rules only");
        assertThat(problems(List.of(rule("name", "d", "detect", "passport", "strategy", "redact"))))
                .containsExactly("masking.rules[0].detect (rule 'd'): unknown detector 'passport' (expected one of:"
                        + " card, email, ssn, iban, regex)");
        assertThat(problems(List.of(rule("name", "c", "column", "customers.card", "strategy", "redact"))))
                .singleElement().asString().startsWith("masking.rules[0].column (rule 'c'): must be "
                        + "schema.table.column or a column name");
        assertThat(problems(List.of(rule("name", "c", "column", "a..b", "strategy", "redact")))).hasSize(1);
        assertThat(problems(List.of(rule("name", "both", "column", "card", "detect", "card", "strategy", "redact"))))
                .containsExactly("masking.rules[0] (rule 'both'): give exactly one of column (a column rule) or detect"
                        + " (a value-detector rule)");
        assertThat(problems(List.of(rule("name", "none", "strategy", "redact")))).hasSize(1);
        assertThat(problems(List.of(rule("name", "p", "detect", "card", "strategy", "partial"))))
                .containsExactly("masking.rules[0] (rule 'p'): partial needs keep-last or keep-first above 0"
                        + " (otherwise use redact)");
        assertThat(problems(List.of(rule("name", "p", "detect", "card", "strategy", "partial", "keep-last", "4"))))
                .singleElement().asString().contains("keep-last (rule 'p'): must be a whole number between 0 and 64");
        assertThat(problems(List.of(rule("name", "r", "detect", "card", "strategy", "redact", "keep-last", 4))))
                .containsExactly("masking.rules[0].keep-last (rule 'r'): applies to strategy partial only, not redact");
        assertThat(problems(List.of(rule("name", "r", "detect", "card", "strategy", "redact", "colour", "red"))))
                .singleElement().asString().startsWith("masking.rules[0].colour (rule 'r'): unknown key");
        assertThat(problems(List.of(rule("name", "r", "detect", "card", "strategy", "redact", "pattern", "x"))))
                .containsExactly("masking.rules[0].pattern (rule 'r'): applies to detect: regex only");
        assertThat(problems(List.of(rule("name", "r", "detect", "card", "strategy", "redact", "exempt", "ops"))))
                .containsExactly("masking.rules[0].exempt (rule 'r'): must be a list of group names, not a string");
        assertThat(problems(List.of(rule("detect", "card", "strategy", "redact"))))
                .containsExactly("masking.rules[0].name: is required");
        assertThat(problems(Map.of("name", "x"))).containsExactly("masking.rules: must be a list of rules, not a"
                + " mapping");
        assertThat(problems(List.of("card"))).containsExactly("masking.rules[0]: must be a mapping (key: value"
                + " pairs), not a string");
    }

    @Test
    void oneBadRuleRejectsTheWholeConfigurationAndEveryProblemIsListed() {
        List<String> found = problems(List.of(
                rule("name", "cards", "detect", "card", "strategy", "partial", "keep-last", 4),
                rule("name", "cards", "detect", "email", "strategy", "redact"),
                rule("name", "emp", "detect", "regex", "pattern", "[", "strategy", "redact"),
                rule("name", "h", "column", "public.t.c", "strategy", "hash")));
        assertThat(found).hasSize(3);
        assertThat(found.get(0)).isEqualTo("masking.rules[1].name (rule 'cards'): the name is already used by"
                + " masking.rules[0]");
        assertThat(found.get(1)).startsWith("masking.rules[2].pattern (rule 'emp')");
        assertThat(found.get(2)).startsWith("masking.rules[3].key (rule 'h')");
    }

    @Test
    void problemsNeverEchoAKey() {
        List<String> found = problems(List.of(rule("name", "h", "detect", "email", "strategy", "redact",
                "key", KEY)));
        assertThat(String.join("\n", found)).doesNotContain(KEY).contains("applies to strategy hash only");
        assertThat(problems(List.of(rule("name", "h", "detect", "email", "strategy", "hash", "key", "tiny-secret"))))
                .noneMatch(line -> line.contains("tiny-secret"));
    }
}
