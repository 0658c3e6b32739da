package io.hoopgw.server.cli;

import io.hoopgw.core.policy.Decision;
import io.hoopgw.core.policy.PolicyEngine;
import io.hoopgw.core.sql.Classification;
import io.hoopgw.core.sql.RelationName;
import io.hoopgw.core.sql.StatementClass;
import io.hoopgw.server.config.ConfigException;
import io.hoopgw.server.config.ConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hoopgw policy check --config F --user U --groups G[,G2] [--target T] --sql "..."}: what the configured
 * policy decides for a Query, statement by statement, and why. Exit status 0 when the Query would be allowed, 1
 * when it would be denied, 2 when the configuration or the arguments cannot be used.
 *
 * <p>Only the configuration's {@code policy} section and target names are read, so no gateway secret is needed.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Show how the policy classifies and decides a Query, statement by statement. "
                + "Exit 0 when allowed, 1 when denied, 2 when the configuration or arguments are unusable.")
final class PolicyCheckCommand implements Callable<Integer> {
    private static final int MAX_SHOWN = 160;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "The gateway configuration (only its policy section and target names are read).")
    private Path config;

    @Option(names = "--user", paramLabel = "SUBJECT",
            description = "Who is asking, as the token's subject; shown only: decisions depend on groups and target.")
    private String user;

    @Option(names = "--groups", required = true, split = ",", paramLabel = "GROUP",
            description = "The identity's gateway groups, comma-separated.")
    private List<String> groups;

    @Option(names = "--target", paramLabel = "TARGET",
            description = "The target (client database name); may be left out when the configuration has one target.")
    private String target;

    @Option(names = "--sql", required = true, paramLabel = "SQL",
            description = "The Query, one or more statements as a client would send them; - reads standard input.")
    private String sql;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfigLoader.PolicyOnly loaded;
        try {
            loaded = ConfigLoader.loadPolicyOnly(config);
        } catch (ConfigException e) {
            err.println("hoopgw policy check: " + e.getMessage());
            return 2;
        }
        if (loaded.policy().isEmpty()) {
            err.println("hoopgw policy check: " + config + " has no policy section: a grant alone decides, and "
                    + "every statement is relayed");
            return 2;
        }
        String targetName = target(loaded.targets(), err);
        if (targetName == null) {
            return 2;
        }
        String query = sql.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : sql;
        Set<String> groupSet = new LinkedHashSet<>();
        groups.stream().map(String::strip).filter(group -> !group.isEmpty()).forEach(groupSet::add);
        PolicyEngine engine = new PolicyEngine(loaded.policy().get().policy(), 0);

        out.println("identity: " + (user == null ? "(any subject)" : user) + ", groups " + groupSet + ", target "
                + targetName);
        out.println("session:  " + (engine.readOnly(groupSet, targetName)
                ? "read-only (opened with default_transaction_read_only=on)" : "read-write"));
        Decision decision = engine.decide(groupSet, targetName, query, true);
        List<Classification> statements = decision.statements();
        for (int i = 0; i < statements.size(); i++) {
            Classification statement = statements.get(i);
            Decision own = engine.decide(groupSet, targetName, statement);
            out.println();
            out.println("statement " + (i + 1) + ": " + shown(statement.statement().text()));
            out.println("  class:     " + statement.statementClass().configName()
                    + (statement.statementClass() == StatementClass.UNKNOWN ? " (" + statement.detail() + ")" : ""));
            out.println("  reads:     " + names(statement.reads()));
            out.println("  writes:    " + names(statement.writes()));
            out.println("  functions: " + list(statement.functions()));
            out.println("  decision:  " + verdict(own));
            out.println("  message:   " + own.message());
        }
        out.println();
        out.println("query: " + verdict(decision) + (statements.size() == 1 ? "" : " (" + statements.size()
                + " statements)"));
        if (statements.size() != 1) {
            out.println("  message:   " + decision.message());
        }
        out.flush();
        return decision.allowed() ? 0 : 1;
    }

    /** The target asked for, or the only one; null (reported) when that cannot be. */
    private String target(List<String> targets, PrintWriter err) {
        if (target != null) {
            if (!targets.contains(target)) {
                err.println("hoopgw policy check: target '" + target + "' is not in " + config + " (targets: "
                        + (targets.isEmpty() ? "none" : String.join(", ", targets)) + ")");
                return null;
            }
            return target;
        }
        if (targets.size() == 1) {
            return targets.get(0);
        }
        err.println("hoopgw policy check: name the target with --target (" + config + " has "
                + (targets.isEmpty() ? "none" : String.join(", ", targets)) + ")");
        return null;
    }

    private static String verdict(Decision decision) {
        return (decision.allowed() ? "allowed" : "DENIED") + " by rule " + decision.rule();
    }

    private static String names(Collection<RelationName> relations) {
        return list(relations.stream().map(RelationName::toString).toList());
    }

    private static String list(Collection<String> items) {
        return items.isEmpty() ? "-" : String.join(", ", items.stream().sorted().toList());
    }

    /** A statement on one line, shortened: enough to tell statements apart. */
    private static String shown(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= MAX_SHOWN ? line : line.substring(0, MAX_SHOWN - 3) + "...";
    }
}
