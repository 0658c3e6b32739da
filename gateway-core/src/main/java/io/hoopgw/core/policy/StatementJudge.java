package io.hoopgw.core.policy;

import io.hoopgw.core.sql.Classification;
import io.hoopgw.core.sql.Classification.Flag;
import io.hoopgw.core.sql.RelationName;
import io.hoopgw.core.sql.StatementClass;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Judges one classified statement for one identity on one target: guardrails (client_encoding stays UTF8 for
 * everyone), then read-only (no way out of it, no other role), then explicit denials (which beat any allow), then
 * allows (no matching allow means deny).
 */
final class StatementJudge {
    private final Policy policy;

    StatementJudge(Policy policy) {
        this.policy = policy;
    }

    /** A denial, or null when the statement may run. */
    Verdict judge(Set<String> groups, List<PolicyRule> applicable, Classification statement) {
        String groupList = new TreeSet<>(groups).toString();
        String what = statement.statementClass().configName();
        if (applicable.isEmpty()) {
            return Verdict.deny(Decision.NO_RULE, "denies " + what, groupList + " (no rule applies to this target)");
        }
        Verdict guardrail = guardrails(statement, groupList);
        if (guardrail != null) {
            return guardrail;
        }
        for (PolicyRule rule : applicable) {
            if (rule.readOnly() && statement.flags().contains(Flag.LEAVES_READ_ONLY)) {
                return Verdict.deny(rule.name(), "denies leaving read-only mode", groupList);
            }
            // Whatever classes the rule allows: a read-only identity stays the role its grant logged it in as.
            if (rule.readOnly() && statement.flags().contains(Flag.CHANGES_ROLE)) {
                return Verdict.deny(rule.name(), "denies changing the session's role in read-only mode", groupList);
            }
            if (statement.flags().contains(Flag.SETS_SEARCH_PATH)
                    && (rule.allow().restrictsRelations() || rule.deny().restrictsRelations())) {
                return Verdict.deny(rule.name(), "denies changing search_path under relation rules", groupList);
            }
        }
        for (PolicyRule rule : applicable) {
            String denied = denied(rule.deny(), statement);
            if (denied != null) {
                return Verdict.deny(rule.name(), "denies " + denied, groupList);
            }
        }
        return allowed(applicable, statement, groupList);
    }

    private Verdict guardrails(Classification statement, String groupList) {
        Guardrails guardrails = policy.guardrails();
        if (statement.statement().text().length() > guardrails.maxStatementLength()) {
            return Verdict.deny("guardrail:max-statement-length", "denies statements longer than "
                    + guardrails.maxStatementLength() + " characters", groupList);
        }
        if (statement.flags().contains(Flag.CHANGES_CLIENT_ENCODING)) {
            // Not configurable: the gateway reads every inspected session's SQL as UTF-8 and opens it in UTF8.
            return Verdict.deny("guardrail:client-encoding", "denies changing client_encoding from UTF8 (the "
                    + "gateway reads SQL as UTF-8)", groupList);
        }
        if (guardrails.requireWhere() && statement.flags().contains(Flag.NO_WHERE)) {
            return Verdict.deny("guardrail:require-where", "denies " + statement.statementClass().configName()
                    + " without WHERE on " + statement.writes(), groupList);
        }
        return null;
    }

    /** What a rule's deny side hits in the statement, described, or null. */
    private String denied(Permissions deny, Classification statement) {
        if (deny.classes().contains(statement.statementClass())) {
            return statement.statementClass().configName() + relationsSuffix(statement);
        }
        for (RelationName relation : statement.reads()) {
            if (anyMatch(deny.reads(), relation)) {
                return "read on " + relation;
            }
        }
        for (RelationName relation : statement.writes()) {
            if (anyMatch(deny.writes(), relation)) {
                return "write on " + relation;
            }
        }
        for (String function : statement.functions()) {
            if (deny.functions().stream().anyMatch(pattern -> pattern.matches(function))) {
                return "function " + function;
            }
        }
        return null;
    }

    private Verdict allowed(List<PolicyRule> applicable, Classification statement, String groupList) {
        StatementClass statementClass = statement.statementClass();
        List<PolicyRule> allowing = applicable.stream()
                .filter(rule -> rule.allow().classes().contains(statementClass)).toList();
        String namedRule = (allowing.isEmpty() ? applicable : allowing).get(0).name();
        if (allowing.isEmpty()) {
            return Verdict.deny(namedRule, "denies " + statementClass.configName() + relationsSuffix(statement),
                    groupList);
        }
        for (RelationName relation : statement.reads()) {
            if (allowing.stream().noneMatch(rule -> rule.allow().reads() == null
                    || anyMatch(rule.allow().reads(), relation))) {
                return Verdict.deny(namedRule, "denies read on " + relation, groupList);
            }
        }
        for (RelationName relation : statement.writes()) {
            if (allowing.stream().noneMatch(rule -> rule.allow().writes() == null
                    || anyMatch(rule.allow().writes(), relation))) {
                return Verdict.deny(namedRule, "denies write on " + relation, groupList);
            }
        }
        for (String function : statement.functions()) {
            boolean listed = policy.defaultFunctions().stream().anyMatch(pattern -> pattern.matches(function))
                    || allowing.stream().anyMatch(rule -> rule.allow().functions().stream()
                    .anyMatch(pattern -> pattern.matches(function)));
            if (!listed) {
                return Verdict.deny(namedRule, "denies function " + function, groupList);
            }
        }
        return new Verdict(true, namedRule, "allows " + statementClass.configName() + relationsSuffix(statement),
                groupList);
    }

    private boolean anyMatch(List<RelationPattern> patterns, RelationName relation) {
        return patterns != null && patterns.stream()
                .anyMatch(pattern -> pattern.matches(relation, policy.unqualifiedSchemas()));
    }

    /** " on a, b" naming the relations written (or else read), for messages. */
    private static String relationsSuffix(Classification statement) {
        Set<RelationName> relations = statement.writes().isEmpty() ? statement.reads() : statement.writes();
        if (relations.isEmpty()) {
            return "";
        }
        return " on " + String.join(", ", relations.stream().map(RelationName::toString).sorted().toList());
    }

    /** The outcome for one statement. */
    record Verdict(boolean allowed, String rule, String action, String groupList) {
        static Verdict deny(String rule, String action, String groupList) {
            return new Verdict(false, rule, action, groupList);
        }

        String message() {
            return "hoopgw: policy " + action + " for groups " + groupList + " (rule: " + rule + ")";
        }
    }
}
