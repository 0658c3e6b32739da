package io.hoopgw.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hoopgw.core.policy.Decision;
import io.hoopgw.core.policy.Policy;
import io.hoopgw.core.policy.PolicyEngine;
import io.hoopgw.core.policy.PolicyException;
import io.hoopgw.core.policy.PolicyLoader;
import io.hoopgw.core.sql.Classification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Embedding gateway-core: classify a SQL string and check it against a policy in-process, with the same splitter,
 * classifier and engine the gateway uses, and no network hop. Useful to test a policy before deploying it, or in a
 * CI job that checks the SQL an AI agent proposes before anything runs it.
 *
 * <pre>
 * java -cp examples/target/examples-all.jar io.hoopgw.examples.EmbedPolicyExample \
 *   policy.yaml orders analysts "DELETE FROM public.customers"
 * </pre>
 *
 * <p>Prints each statement's class and relations, then the decision and the rule that made it; exits with status 1
 * when the policy denies.
 */
public final class EmbedPolicyExample {
    private static final String USAGE = "EmbedPolicyExample <policy.yaml> <target> <group[,group...]> <sql>";

    private EmbedPolicyExample() {
    }

    /** Checks {@code args[3]} for the given groups and target against the policy file {@code args[0]}. */
    public static void main(String[] args) throws IOException, PolicyException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: " + USAGE);
        }
        PolicyEngine engine = new PolicyEngine(load(Files.newInputStream(Path.of(args[0])), args[0]));
        Set<String> groups = new LinkedHashSet<>(Arrays.asList(args[2].split(",")));
        Decision decision = check(engine, groups, args[1], args[3]);
        for (Classification statement : decision.statements()) {
            System.out.println(statement.statementClass().configName() + "  reads " + statement.reads()
                    + "  writes " + statement.writes() + "  functions " + statement.functions());
        }
        System.out.println((decision.allowed() ? "allowed" : "denied") + " by rule " + decision.rule()
                + (decision.allowed() ? "" : ": " + decision.message()));
        if (!decision.allowed()) {
            System.exit(1);
        }
    }

    /**
     * Reads a policy from YAML in the configuration's {@code policy:} format.
     *
     * @param yaml   the YAML document; closed by this method
     * @param source names the document in error messages
     */
    public static Policy load(InputStream yaml, String source) throws IOException, PolicyException {
        try (yaml) {
            Object node = new ObjectMapper(new YAMLFactory()).readValue(yaml, Object.class);
            return PolicyLoader.load(node, source);
        }
    }

    /** The engine's decision for {@code sql} (a simple Query, possibly several statements) by these groups. */
    public static Decision check(PolicyEngine engine, Set<String> groups, String target, String sql) {
        // standard_conforming_strings is on in every PostgreSQL since 9.1; the gateway tracks the server's value.
        return engine.decide(groups, target, sql, true);
    }
}
