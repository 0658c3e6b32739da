package io.hoopgw.core.policy;

import io.hoopgw.core.sql.StatementClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds a {@link Policy} from the plain maps, lists, strings, numbers and booleans a YAML parser (Jackson)
 * produces for the configuration's {@code policy:} node, checking everything and reporting every problem at once.
 *
 * <pre>
 * unqualifiedSchemas: [public]          # where unqualified relation names are assumed to live
 * defaultFunctions: true                # start every rule from {@link DefaultFunctions}
 * guardrails: {requireWhere: true, maxStatementLength: 100000, maxStatementsPerQuery: 20,
 *              maxRows: 100000, statementTimeout: 30s}
 * rules:
 *   - name: analysts-read-only
 *     groups: [analysts]
 *     targets: ["*"]
 *     readOnly: true
 *     allow: {classes: [read, session, transaction], read: ["public.*", "pg_catalog.*"]}
 *     deny:  {read: ["payments.*"], functions: ["pg_sleep"]}
 * </pre>
 *
 * <p>In {@code allow}, a missing {@code read} or {@code write} list allows any relation for the classes allowed.
 */
public final class PolicyLoader {
    private static final Set<String> ROOT_KEYS = Set.of("rules", "guardrails", "defaultFunctions",
            "unqualifiedSchemas");
    private static final Set<String> RULE_KEYS = Set.of("name", "groups", "targets", "readOnly", "allow", "deny");
    private static final Set<String> PERMISSION_KEYS = Set.of("classes", "read", "write", "functions");
    private static final Set<String> GUARDRAIL_KEYS = Set.of("requireWhere", "maxStatementLength",
            "maxStatementsPerQuery", "maxRows", "statementTimeout");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final List<String> problems = new ArrayList<>();

    private PolicyLoader() {
    }

    /**
     * Loads a policy.
     *
     * @param node     the {@code policy:} node's value, as a {@code Map<String, Object>}
     * @param rootPath the node's key path, used in messages (e.g. {@code policy}); empty for the root of a file of
     *                 its own, whose keys are then named without a prefix ({@code rules[0].groups})
     * @throws PolicyException naming every bad key and why
     */
    public static Policy load(Object node, String rootPath) throws PolicyException {
        PolicyLoader loader = new PolicyLoader();
        Policy policy = loader.policy(node, rootPath);
        if (!loader.problems.isEmpty()) {
            throw new PolicyException(loader.problems);
        }
        return policy;
    }

    private Policy policy(Object node, String path) {
        Map<?, ?> root = map(node, path, ROOT_KEYS);
        if (root == null) {
            return null;
        }
        List<String> schemas = root.containsKey("unqualifiedSchemas")
                ? strings(root.get("unqualifiedSchemas"), join(path, "unqualifiedSchemas"), true)
                : List.of("public");
        Boolean defaults = bool(root.get("defaultFunctions"), join(path, "defaultFunctions"), true);
        Guardrails guardrails = root.containsKey("guardrails")
                ? guardrails(root.get("guardrails"), join(path, "guardrails")) : Guardrails.DEFAULT;
        List<PolicyRule> rules = new ArrayList<>();
        Object rulesNode = root.get("rules");
        if (!(rulesNode instanceof List<?> list)) {
            problems.add(join(path, "rules") + ": " + (rulesNode == null ? "is required" : "must be a list"));
        } else {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                PolicyRule rule = rule(list.get(i), join(path, "rules") + "[" + i + "]");
                if (rule != null && !names.add(rule.name())) {
                    problems.add(join(path, "rules") + "[" + i + "].name: '" + rule.name() + "' is already used");
                } else if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new Policy(rules, guardrails,
                Boolean.TRUE.equals(defaults) ? DefaultFunctions.PATTERNS : List.of(), schemas);
    }

    private PolicyRule rule(Object node, String path) {
        Map<?, ?> map = map(node, path, RULE_KEYS);
        if (map == null) {
            return null;
        }
        int before = problems.size();
        String name = string(map.get("name"), path + ".name");
        List<String> groups = strings(map.get("groups"), path + ".groups", true);
        if (groups.contains(PolicyRule.ANY)) {
            problems.add(path + ".groups: '*' is not allowed here: name the groups");
        }
        List<String> targets = strings(map.get("targets"), path + ".targets", true);
        if (targets.contains(PolicyRule.ANY) && targets.size() > 1) {
            problems.add(path + ".targets: '*' must be the only entry when used");
        }
        Boolean readOnly = bool(map.get("readOnly"), path + ".readOnly", false);
        Permissions allow = map.containsKey("allow") ? permissions(map.get("allow"), path + ".allow", true)
                : Permissions.NONE;
        Permissions deny = map.containsKey("deny") ? permissions(map.get("deny"), path + ".deny", false)
                : Permissions.NONE;
        if (problems.size() != before) {
            return null;
        }
        return new PolicyRule(name, new LinkedHashSet<>(groups), new LinkedHashSet<>(targets), allow, deny,
                readOnly);
    }

    private Permissions permissions(Object node, String path, boolean allow) {
        Map<?, ?> map = map(node, path, PERMISSION_KEYS);
        if (map == null) {
            return null;
        }
        Set<StatementClass> classes = EnumSet.noneOf(StatementClass.class);
        List<String> classNames = map.containsKey("classes")
                ? strings(map.get("classes"), path + ".classes", false) : List.of();
        for (int i = 0; i < classNames.size(); i++) {
            StatementClass statementClass = StatementClass.fromConfigName(classNames.get(i));
            if (statementClass == null) {
                problems.add(path + ".classes[" + i + "]: unknown statement class '" + classNames.get(i)
                        + "' (one of " + Arrays.stream(StatementClass.values()).map(StatementClass::configName)
                        .collect(Collectors.joining(", ")) + ")");
            } else {
                classes.add(statementClass);
            }
        }
        List<RelationPattern> reads = relations(map, "read", path, allow);
        List<RelationPattern> writes = relations(map, "write", path, allow);
        List<FunctionPattern> functions = new ArrayList<>();
        if (map.containsKey("functions")) {
            List<String> names = strings(map.get("functions"), path + ".functions", false);
            for (int i = 0; i < names.size(); i++) {
                try {
                    functions.add(FunctionPattern.parse(names.get(i)));
                } catch (IllegalArgumentException e) {
                    problems.add(path + ".functions[" + i + "]: " + e.getMessage());
                }
            }
        }
        return new Permissions(classes, reads, writes, functions);
    }

    private List<RelationPattern> relations(Map<?, ?> map, String key, String path, boolean allow) {
        if (!map.containsKey(key)) {
            return allow ? null : List.of();
        }
        List<String> texts = strings(map.get(key), path + "." + key, false);
        List<RelationPattern> patterns = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                patterns.add(RelationPattern.parse(texts.get(i)));
            } catch (IllegalArgumentException e) {
                problems.add(path + "." + key + "[" + i + "]: " + e.getMessage());
            }
        }
        return patterns;
    }

    private Guardrails guardrails(Object node, String path) {
        Map<?, ?> map = map(node, path, GUARDRAIL_KEYS);
        if (map == null) {
            return Guardrails.DEFAULT;
        }
        Guardrails defaults = Guardrails.DEFAULT;
        Boolean requireWhere = bool(map.get("requireWhere"), path + ".requireWhere", defaults.requireWhere());
        long length = number(map.get("maxStatementLength"), path + ".maxStatementLength",
                defaults.maxStatementLength(), 1, Integer.MAX_VALUE);
        long statements = number(map.get("maxStatementsPerQuery"), path + ".maxStatementsPerQuery",
                defaults.maxStatementsPerQuery(), 1, Integer.MAX_VALUE);
        long rows = number(map.get("maxRows"), path + ".maxRows", defaults.maxRows(), 0, Long.MAX_VALUE);
        Duration timeout = duration(map.get("statementTimeout"), path + ".statementTimeout",
                defaults.statementTimeout());
        if (requireWhere == null || timeout == null) {
            return defaults;
        }
        return new Guardrails(requireWhere, (int) length, (int) statements, rows, timeout);
    }

    private Map<?, ?> map(Object node, String path, Set<String> keys) {
        if (!(node instanceof Map<?, ?> map)) {
            problems.add((path.isEmpty() ? "the policy" : path) + ": "
                    + (node == null ? "is required" : "must be a mapping"));
            return null;
        }
        for (Object key : map.keySet()) {
            if (!keys.contains(String.valueOf(key))) {
                problems.add(join(path, String.valueOf(key)) + ": unknown key (expected one of " + new java.util.TreeSet<>(keys)
                        + ")");
            }
        }
        return map;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private String string(Object value, String path) {
        if (value instanceof String text && !text.isBlank()) {
            return text;
        }
        problems.add(path + ": " + (value == null ? "is required" : "must be a non-empty string"));
        return null;
    }

    private List<String> strings(Object value, String path, boolean required) {
        if (value instanceof String single && !single.isBlank()) {
            return List.of(single);
        }
        if (value instanceof List<?> list && !(required && list.isEmpty())) {
            List<String> result = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof String text && !text.isBlank()) {
                    result.add(text);
                } else {
                    problems.add(path + "[" + i + "]: must be a non-empty string");
                }
            }
            return result;
        }
        problems.add(path + ": " + (value == null ? "is required" : required
                ? "must be a non-empty list of strings" : "must be a list of strings"));
        return List.of();
    }

    private Boolean bool(Object value, String path, boolean fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        problems.add(path + ": must be true or false");
        return null;
    }

    private long number(Object value, String path, long fallback, long min, long max) {
        if (value == null) {
            return fallback;
        }
        if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= min
                && ((Number) value).longValue() <= max) {
            return ((Number) value).longValue();
        }
        problems.add(path + ": must be a whole number from " + min + (max == Long.MAX_VALUE ? " up" : " to " + max));
        return fallback;
    }

    private Duration duration(Object value, String path, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Integer || value instanceof Long) {
            long millis = ((Number) value).longValue();
            if (millis >= 0) {
                return Duration.ofMillis(millis);
            }
        } else if (value instanceof String text) {
            Matcher matcher = DURATION.matcher(text.strip());
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                return switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
        }
        problems.add(path + ": must be a duration such as 500ms, 30s, 5m or 1h, or milliseconds");
        return null;
    }
}
