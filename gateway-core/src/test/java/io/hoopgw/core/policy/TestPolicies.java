package io.hoopgw.core.policy;

import java.util.List;
import java.util.Map;

/** Policies the policy tests share, written as the maps Jackson makes of YAML. */
final class TestPolicies {
    private TestPolicies() {
    }

    /** Analysts read anything but payments; engineers write public; admins do anything. */
    static Map<String, Object> node() {
        return Map.of(
                "guardrails", Map.of("maxStatementLength", 10_000, "maxStatementsPerQuery", 20),
                "rules", List.of(
                        Map.of("name", "analysts-read-only",
                                "groups", List.of("analysts"),
                                "targets", List.of("*"),
                                "readOnly", true,
                                "allow", Map.of("classes", List.of("read", "session", "transaction")),
                                "deny", Map.of("read", List.of("payments.*"))),
                        Map.of("name", "engineers-write-public",
                                "groups", List.of("engineers"),
                                "targets", List.of("app"),
                                "allow", Map.of("classes", List.of("read", "write", "session", "transaction"),
                                        "read", List.of("public.*", "pg_catalog.*"),
                                        "write", List.of("public.*"))),
                        Map.of("name", "no-pg-sleep",
                                "groups", List.of("engineers", "analysts"),
                                "targets", "*",
                                "deny", Map.of("functions", List.of("pg_sleep*"))),
                        Map.of("name", "admins",
                                "groups", List.of("dba"),
                                "targets", List.of("*"),
                                "allow", Map.of("classes", List.of("read", "write", "ddl", "privilege", "admin",
                                                "session", "transaction", "unknown"),
                                        "functions", List.of("*", "*.*")))));
    }

    static Policy policy() {
        return load(node());
    }

    /** Robots are read-only, and allowed every class and every function. */
    static Policy readOnlyAnything() {
        return load(Map.of("rules", List.of(Map.of("name", "robots-read-only",
                "groups", List.of("robots"),
                "targets", List.of("*"),
                "readOnly", true,
                "allow", Map.of("classes", List.of("read", "write", "ddl", "privilege", "admin", "session",
                                "transaction", "unknown"),
                        "functions", List.of("*", "*.*"))))));
    }

    private static Policy load(Map<String, Object> node) {
        try {
            return PolicyLoader.load(node, "policy");
        } catch (PolicyException e) {
            throw new AssertionError(e);
        }
    }
}
