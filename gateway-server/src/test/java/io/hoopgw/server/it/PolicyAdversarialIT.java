package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.core.policy.AdversarialCases;
import io.hoopgw.core.policy.PolicyEngine;
import io.hoopgw.core.policy.PolicyLoader;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.server.testing.GatewayHarness;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adversarial suite (gateway-core's {@code AdversarialCases}: quote and comment smuggling, multi-statement
 * tricks, data-modifying CTEs, SELECT INTO, COPY PROGRAM, set_config, functions hidden in casts and defaults, ...)
 * through a real gateway for a read-only group that logs in as the owner of every table the cases aim at. Every
 * case must be refused with the gateway's 42501, over the simple and the extended protocol, the session must stay
 * usable after each, and the database must be exactly as before.
 */
class PolicyAdversarialIT {
    private static final String FIXTURE = """
            DROP SCHEMA IF EXISTS payments CASCADE;
            DROP MATERIALIZED VIEW IF EXISTS summary;
            DROP TABLE IF EXISTS customers, customers_audit, t, src, cards CASCADE;
            CREATE SCHEMA payments;
            CREATE TABLE payments.cards (id int PRIMARY KEY, customer_id int, number text);
            INSERT INTO payments.cards VALUES (1, 1, '4111 1111 1111 1111');
            CREATE TABLE customers (id serial PRIMARY KEY, name text);
            INSERT INTO customers (name) VALUES ('ann'), ('bob'), ('cy');
            CREATE TABLE customers_audit ("delete" text);
            CREATE TABLE t (id int, x int);
            INSERT INTO t VALUES (1, 1);
            CREATE TABLE src (id int);
            INSERT INTO src VALUES (1);
            CREATE MATERIALIZED VIEW summary AS SELECT count(*) AS n FROM customers;
            CREATE OR REPLACE PROCEDURE cleanup() LANGUAGE sql AS $$ DELETE FROM customers $$;
            CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
            """;
    private static GatewayHarness harness;

    @BeforeAll
    static void start() throws Exception {
        PolicyEngine engine = new PolicyEngine(PolicyLoader.load(AdversarialCases.policyNode(), "policy"));
        harness = PolicyGateways.start(engine, AdversarialCases.READ_ONLY_GROUP);
        PolicyGateways.asOwner(harness, FIXTURE);
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void everyCaseIsRefusedTheSessionGoesOnAndNothingChanges() throws Exception {
        List<String> before = PolicyGateways.fingerprint(harness);
        assertThat(before).anyMatch(fact -> fact.startsWith("contents \"public\".\"customers\" 3 "));
        List<String> cases = AdversarialCases.deniedForReadOnly();
        SoftAssertions softly = new SoftAssertions();
        try (RawPgClient client = PolicyGateways.raw(harness, harness.writerRole(),
                AdversarialCases.READ_ONLY_GROUP)) {
            for (String sql : cases) {
                RawPgClient.Response simple = client.simpleQuery(sql);
                expectRefused(softly, "Query of " + sql, simple);
                RawPgClient.Response after = client.simpleQuery("SELECT count(*) FROM customers");
                softly.assertThat(after.tags()).as("the session after the Query of %s", sql).isEqualTo("TDCZ");

                client.send(RawPgClient.extendedQuery(sql));
                expectRefused(softly, "Parse of " + sql, client.readResponse(true));
                client.send(RawPgClient.extendedQuery("SELECT count(*) FROM customers"));
                softly.assertThat(client.readResponse(true).tags()).as("the session after the Parse of %s", sql)
                        .isEqualTo("12TDCZ");
            }
        }
        softly.assertAll();
        assertThat(cases).hasSizeGreaterThan(100);
        assertThat(PolicyGateways.fingerprint(harness)).as("the database after the adversarial cases")
                .containsExactlyElementsOf(before);
    }

    private static void expectRefused(SoftAssertions softly, String what, RawPgClient.Response response) {
        softly.assertThat(response.tags()).as(what).isEqualTo("EZ");
        softly.assertThat(response.status()).as(what).isEqualTo('I');
        List<ErrorResponse> errors = response.errors();
        softly.assertThat(errors).as(what).singleElement().satisfies(error -> {
            assertThat(error.sqlState()).isEqualTo("42501");
            assertThat(error.message()).startsWith("hoopgw: policy denies ").endsWith(")");
        });
    }
}
