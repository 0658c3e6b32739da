package io.hoopgw.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hoopgw policy check} run through picocli as the launcher runs it, output captured. */
class PolicyCommandTest {
    /** Secrets the machine running the check does not have: only the policy and target names are read. */
    private static final String CONFIG = """
            listeners: [{host: 127.0.0.1, port: 6432, allowPlaintext: true}]
            issuers: [{issuer: https://idp.example.com, audience: hoopgw, groupsClaim: groups}]
            targets:
              orders: {host: db.internal, tls: {mode: disable}, roles: {app: {password: {env: NOT_SET_HERE}}}}
              analytics: {host: db2.internal, tls: {mode: disable}, roles: {app: {password: {file: nowhere}}}}
            grants: [{name: all, groups: [analysts, writers], targets: ["*"], roles: ["*"]}]
            """;
    private static final String POLICY = """
            policy:
              rules:
                - name: analysts-read-only
                  groups: [analysts]
                  targets: ["*"]
                  readOnly: true
                  allow: {classes: [read, session, transaction]}
                  deny: {read: ["payments.*"]}
                - name: writers
                  groups: [writers]
                  targets: [orders]
                  allow: {classes: [read, write, session, transaction]}
            """;

    @TempDir
    Path dir;
    private Path config;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new HoopgwCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run check(String groups, String target, String sql) {
        return run("policy", "check", "--config", config.toString(), "--user", "alice", "--groups", groups,
                "--target", target, "--sql", sql);
    }

    @BeforeEach
    void writeConfig() throws Exception {
        config = Files.writeString(dir.resolve("gateway.yaml"), CONFIG + POLICY);
    }

    @Test
    void anAllowedReadExitsZeroAndShowsWhatItReads() {
        Run run = check("analysts", "orders", "SELECT name, lower(email) FROM public.customers WHERE id = 1");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                identity: alice, groups [analysts], target orders
                session:  read-only (opened with default_transaction_read_only=on)

                statement 1: SELECT name, lower(email) FROM public.customers WHERE id = 1
                  class:     read
                  reads:     public.customers
                  writes:    -
                  functions: lower
                  decision:  allowed by rule analysts-read-only
                  message:   hoopgw: policy allows read on public.customers for groups [analysts] (rule: \
                analysts-read-only)

                query: allowed by rule analysts-read-only
                """);
    }

    @Test
    void aDenialExitsOneAndNamesTheRule() {
        Run run = check("analysts", "orders", "SELECT * FROM payments.cards");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("  reads:     payments.cards\n")
                .contains("  decision:  DENIED by rule analysts-read-only\n")
                .contains("  message:   hoopgw: policy denies read on payments.cards for groups [analysts] "
                        + "(rule: analysts-read-only)\n")
                .endsWith("query: DENIED by rule analysts-read-only\n");
    }

    @Test
    void eachStatementOfAQueryIsShownAndOneDenialDeniesTheQuery() {
        Run run = check("writers", "orders",
                "SELECT 1; DELETE FROM orders WHERE id = 1; SELECT pg_read_file('/etc/passwd')");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("session:  read-write\n")
                .contains("statement 1: SELECT 1\n  class:     read\n")
                .contains("statement 2: DELETE FROM orders WHERE id = 1\n  class:     write\n"
                        + "  reads:     orders\n  writes:    orders\n  functions: -\n"
                        + "  decision:  allowed by rule writers\n")
                .contains("statement 3: SELECT pg_read_file('/etc/passwd')\n  class:     admin\n"
                        + "  reads:     -\n  writes:    -\n  functions: pg_read_file\n"
                        + "  decision:  DENIED by rule writers\n")
                .contains("query: DENIED by rule writers (3 statements)\n"
                        + "  message:   hoopgw: policy denies admin for groups [writers] (rule: writers)\n");
    }

    @Test
    void groupsWithoutARuleOnTheTargetAreDeniedByDefault() {
        Run run = run("policy", "check", "--config", config.toString(), "--groups", "writers,guests",
                "--target", "analytics", "--sql", "SELECT 1");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).startsWith("identity: (any subject), groups [writers, guests], target analytics\n")
                .contains("DENIED by rule default-deny");
    }

    @Test
    void whatIsNotUnderstoodSaysWhy() {
        Run run = check("analysts", "orders", "FROBNICATE customers");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).containsPattern("class: {5}unknown \\(parser: .+\\)\n");
    }

    @Test
    void theQueryCanComeFromStandardInput() {
        InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream("SELECT 1;\nSELECT 2;\n".getBytes(StandardCharsets.UTF_8)));
        try {
            Run run = check("analysts", "orders", "-");

            assertThat(run.exit()).isZero();
            assertThat(run.out()).contains("statement 2: SELECT 2\n").contains("(2 statements)");
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void theOnlyTargetNeedNotBeNamed() throws Exception {
        Files.writeString(config, CONFIG.replaceAll("(?m)^  analytics:.*\n", "").replace("targets: [\"*\"], roles",
                "targets: [orders], roles") + POLICY);

        Run run = run("policy", "check", "--config", config.toString(), "--groups", "analysts", "--sql", "SELECT 1");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("target orders\n");
    }

    @Test
    void anUnknownOrMissingTargetIsAnError() {
        Run unknown = check("analysts", "sales", "SELECT 1");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("target 'sales' is not in " + config + " (targets: orders, analytics)");

        Run missing = run("policy", "check", "--config", config.toString(), "--groups", "analysts", "--sql", "SELECT 1");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("name the target with --target");
    }

    @Test
    void anInvalidPolicyIsAConfigurationError() throws Exception {
        Files.writeString(config, CONFIG + POLICY.replace("[read, session, transaction]", "[read, sesion]"));

        Run run = check("analysts", "orders", "SELECT 1");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(config + ": policy.rules[0].allow.classes[1]: unknown statement class "
                + "'sesion'");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aPolicyFileIsReadToo() throws Exception {
        Files.writeString(dir.resolve("policy.yaml"), POLICY.replace("policy:\n", "").replaceAll("(?m)^  ", ""));
        Files.writeString(config, CONFIG + "policy: {file: policy.yaml}\n");

        assertThat(check("analysts", "orders", "SELECT * FROM payments.cards").exit()).isEqualTo(1);
        assertThat(check("analysts", "orders", "SELECT * FROM public.cards").exit()).isZero();
    }

    @Test
    void aConfigurationWithoutPolicyIsAnError() throws Exception {
        Files.writeString(config, CONFIG);

        Run run = check("analysts", "orders", "SELECT 1");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("has no policy section");
        assertThat(run(("policy check --config " + dir.resolve("none.yaml")
                + " --groups a --sql x").split(" ")).err()).contains("none.yaml: file not found");
    }
}
