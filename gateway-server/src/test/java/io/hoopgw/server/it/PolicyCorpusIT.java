package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.core.policy.Decision;
import io.hoopgw.core.policy.PolicyEngine;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.core.sql.StatementClass;
import io.hoopgw.core.sql.StatementCorpusAccess;
import io.hoopgw.core.sql.StatementCorpusAccess.CorpusStatement;
import io.hoopgw.server.testing.GatewayHarness;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statement corpus (200-odd real statements from psql, pgjdbc, pg_dump, ORMs and the documentation, each with
 * its expected class) through a real gateway to a real PostgreSQL, over one connection per group and protocol.
 *
 * <p>The policy is the gateway's configured {@code policy:} section. For each statement the gateway's decision
 * must be the one the engine makes in-process (which the unit tests
 * check against the corpus). Allowed statements must reach PostgreSQL: they may fail there (most name objects
 * that do not exist), but never with an error of the gateway's. For a read-only group, every statement that is not
 * a read must be refused with 42501, at the Query or at the Parse, and none may change the database: the tables
 * the corpus writes to exist with rows, and the identity logs in as their owner.
 */
class PolicyCorpusIT {
    private static final String EVERYTHING = "everything";
    private static final String READ_ONLY = "read-only";
    private static final String POLICY = """
            rules:
              - name: everything
                groups: [everything]
                targets: ["*"]
                allow:
                  classes: [read, write, ddl, privilege, admin, session, transaction, unknown]
                  functions: ["*", "*.*"]
              - name: read-only
                groups: [read-only]
                targets: ["*"]
                readOnly: true
                allow: {classes: [read]}
            """;
    /** The decisions the gateway must make: the same policy, loaded in-process. */
    private static final PolicyEngine EXPECTED = PolicyGateways.engine(POLICY);
    /** The tables, sequences and views the corpus writes to, with rows, so that a write that ran would show. */
    private static final String FIXTURE = """
            DROP SCHEMA IF EXISTS payments CASCADE;
            DROP TABLE IF EXISTS customers, orders, weather, products, products_log, new_products, distributors,
                customer_account, recent_transactions, films, films_recent, foo, country, bigtable, fattable
                CASCADE;
            DROP SEQUENCE IF EXISTS customers_seq, customers_id_seq CASCADE;
            CREATE SCHEMA payments;
            CREATE TABLE payments.cards (id int PRIMARY KEY, customer_id int, number text);
            INSERT INTO payments.cards VALUES (1, 1, '4111 1111 1111 1111');
            CREATE TABLE customers (id serial PRIMARY KEY, name text, email text);
            INSERT INTO customers (name, email) VALUES ('ann', 'ann@example.com'), ('bob', 'bob@example.com');
            CREATE SEQUENCE customers_seq;
            CREATE TABLE orders (id serial PRIMARY KEY, customer_id int, total numeric);
            INSERT INTO orders (customer_id, total) VALUES (1, 10), (2, 20);
            CREATE TABLE weather (city text, temp_lo int, temp_hi int, prcp real, date date);
            INSERT INTO weather VALUES ('Hayward', 37, 54, 0, '1994-11-29'), ('Oslo', 1, 5, 2, '1994-11-30');
            CREATE TABLE products (product_no int, name text, price numeric, date date);
            INSERT INTO products VALUES (1, 'cheese', 9.99, '2011-01-01');
            CREATE TABLE products_log (LIKE products);
            CREATE TABLE new_products (product_no int, name text, price numeric, release_date date);
            INSERT INTO new_products VALUES (2, 'bread', 1.99, current_date);
            CREATE TABLE distributors (did int PRIMARY KEY, dname text);
            INSERT INTO distributors VALUES (5, 'Acme');
            CREATE TABLE customer_account (customer_id int PRIMARY KEY, balance numeric);
            INSERT INTO customer_account VALUES (1, 100);
            CREATE TABLE recent_transactions (customer_id int, transaction_value numeric);
            INSERT INTO recent_transactions VALUES (1, 5), (3, 7);
            CREATE TABLE films (code text, title text, did int, date_prod date, kind text);
            INSERT INTO films VALUES ('c1', 'Vertigo', 5, '2003-01-01', 'Comedy');
            CREATE TABLE foo (i int, t text, b bool, n numeric);
            INSERT INTO foo VALUES (2, 'two', true, 2);
            CREATE TABLE country (name text);
            INSERT INTO country VALUES ('Norway');
            CREATE TABLE bigtable (id int);
            INSERT INTO bigtable VALUES (1);
            CREATE TABLE fattable (id int);
            INSERT INTO fattable VALUES (1);
            """;

    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = PolicyGateways.start(POLICY, EVERYTHING, READ_ONLY);
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aGroupAllowedEverythingGetsTheEnginesDecisionAndReachesPostgresWithEachStatement() throws Exception {
        PolicyGateways.asOwner(harness, FIXTURE);
        SoftAssertions softly = new SoftAssertions();
        int reached = 0;
        try (RawPgClient simple = PolicyGateways.raw(harness, harness.writerRole(), EVERYTHING);
                RawPgClient extended = PolicyGateways.raw(harness, harness.writerRole(), EVERYTHING)) {
            for (CorpusStatement statement : StatementCorpusAccess.all()) {
                Decision expected = EXPECTED.decide(Set.of(EVERYTHING), harness.target(), statement.sql(), true);
                reached += check(softly, statement, expected, simple, "Query");
                reached += check(softly, statement, expected, extended, "Parse");
            }
        }
        softly.assertAll();
        // Only the guardrail (UPDATE or DELETE without WHERE) holds back a group allowed everything.
        assertThat(reached).as("statements that reached PostgreSQL").isGreaterThan(
                2 * StatementCorpusAccess.all().size() - 10);
    }

    @Test
    void aReadOnlyGroupIsRefusedEveryStatementButReadsAndNothingChanges() throws Exception {
        PolicyGateways.asOwner(harness, FIXTURE);
        List<String> before = PolicyGateways.fingerprint(harness);
        assertThat(before).anyMatch(fact -> fact.startsWith("contents \"public\".\"weather\" 2 "));
        SoftAssertions softly = new SoftAssertions();
        List<CorpusStatement> refused = new ArrayList<>();
        try (RawPgClient simple = PolicyGateways.raw(harness, harness.writerRole(), READ_ONLY);
                RawPgClient extended = PolicyGateways.raw(harness, harness.writerRole(), READ_ONLY)) {
            for (CorpusStatement statement : StatementCorpusAccess.all()) {
                Decision expected = EXPECTED.decide(Set.of(READ_ONLY), harness.target(), statement.sql(), true);
                if (statement.expectedClass() != StatementClass.READ) {
                    softly.assertThat(expected.allowed()).as("in-process decision on %s", statement).isFalse();
                }
                if (!expected.allowed()) {
                    refused.add(statement);
                }
                check(softly, statement, expected, simple, "Query");
                check(softly, statement, expected, extended, "Parse");
            }
        }
        softly.assertAll();
        assertThat(refused).as("refused statements").hasSizeGreaterThanOrEqualTo(
                (int) StatementCorpusAccess.all().stream().filter(s -> s.expectedClass() != StatementClass.READ)
                        .count());
        assertThat(PolicyGateways.fingerprint(harness)).as("the database after the read-only run")
                .containsExactlyElementsOf(before);
    }

    /**
     * Sends one statement as a simple Query ({@code protocol} "Query") or as Parse, Bind, Describe, Execute and
     * Sync ("Parse"), checks the gateway's answer against the expected decision, and leaves the session idle.
     *
     * @return 1 when the statement reached PostgreSQL, else 0
     */
    private static int check(SoftAssertions softly, CorpusStatement statement, Decision expected, RawPgClient client,
            String protocol) throws IOException {
        RawPgClient.Response response;
        try {
            client.send(protocol.equals("Query") ? RawPgClient.query(statement.sql())
                    : RawPgClient.extendedQuery(statement.sql()));
            response = client.readResponse(!protocol.equals("Query"));
        } catch (IOException e) {
            throw new AssertionError("no answer to the " + protocol + " of " + statement, e);
        }
        List<ErrorResponse> errors = response.errors();
        String what = protocol + " of " + statement + ", answered " + response.tags() + " " + errors;
        int reached = 0;
        if (expected.allowed()) {
            // PostgreSQL's own errors may be 42501 too (ALTER SYSTEM, CHECKPOINT as a non-superuser): what must
            // not appear is the gateway's.
            softly.assertThat(errors).as(what).noneMatch(error -> String.valueOf(error.message())
                    .startsWith("hoopgw"));
            reached = 1;
        } else {
            softly.assertThat(response.tags()).as(what).isEqualTo("EZ");
            softly.assertThat(errors).as(what).singleElement().satisfies(error -> {
                assertThat(error.sqlState()).isEqualTo("42501");
                assertThat(error.message()).isEqualTo(expected.message());
            });
            softly.assertThat(response.status()).as(what).isEqualTo('I');
        }
        if (response.status() != 'I') {
            RawPgClient.Response rollback = client.simpleQuery("ROLLBACK");
            softly.assertThat(rollback.status()).as("after ROLLBACK of " + what).isEqualTo('I');
        }
        return reached;
    }
}
