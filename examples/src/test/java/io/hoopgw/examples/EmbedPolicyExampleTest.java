package io.hoopgw.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.core.policy.Decision;
import io.hoopgw.core.policy.PolicyEngine;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbedPolicyExampleTest {
    static PolicyEngine engine;

    @BeforeAll
    static void loadTheShippedPolicy() throws Exception {
        engine = new PolicyEngine(EmbedPolicyExample.load(
                EmbedPolicyExampleTest.class.getResourceAsStream("/policy/example-policy.yaml"),
                "example-policy.yaml"));
    }

    @Test
    void anAnalystMayRead() {
        Decision decision = EmbedPolicyExample.check(engine, Set.of("analysts"), "orders",
                "SELECT name FROM public.customers WHERE id = 1");

        assertThat(decision.allowed()).as(decision.message()).isTrue();
        assertThat(decision.rule()).isEqualTo("analysts-read-only");
    }

    @Test
    void anAnalystMayNotWriteEvenBehindAComment() {
        Decision decision = EmbedPolicyExample.check(engine, Set.of("analysts"), "orders",
                "SELECT 1; /* harmless */ DELETE FROM public.customers WHERE id = 1");

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.message()).contains("hoopgw: policy denies").contains("public.customers");
    }

    @Test
    void anAnalystMayNotReadPayments() {
        Decision decision = EmbedPolicyExample.check(engine, Set.of("analysts"), "orders",
                "SELECT * FROM payments.cards");

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.rule()).isEqualTo("analysts-read-only");
    }

    @Test
    void theAppMayWriteButNotWithoutWhere() {
        assertThat(EmbedPolicyExample.check(engine, Set.of("app"), "orders",
                "UPDATE public.orders SET amount = 1 WHERE id = 7").allowed()).isTrue();

        Decision everything = EmbedPolicyExample.check(engine, Set.of("app"), "orders",
                "DELETE FROM public.orders");

        assertThat(everything.allowed()).isFalse();
        assertThat(everything.rule()).isEqualTo("guardrail:require-where");
    }

    @Test
    void aGroupWithoutARuleIsDeniedByDefault() {
        Decision decision = EmbedPolicyExample.check(engine, Set.of("interns"), "orders", "SELECT 1");

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.rule()).isEqualTo(Decision.NO_RULE);
    }
}
