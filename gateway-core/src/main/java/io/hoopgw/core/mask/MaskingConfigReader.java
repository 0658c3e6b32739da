package io.hoopgw.core.mask;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads the rule list for {@link MaskingConfig#read}, collecting every problem rather than stopping at the first. */
final class MaskingConfigReader {
    private static final Set<String> COMMON_KEYS = Set.of("name", "detect", "column", "pattern", "strategy", "exempt");
    private static final Map<String, Set<String>> STRATEGY_KEYS = Map.of(
            RedactStrategy.NAME, Set.of("mask"),
            PartialStrategy.NAME, Set.of("keep-first", "keep-last", "mask-char", "keep-separators"),
            HashStrategy.NAME, Set.of("key", "prefix"),
            NullStrategy.NAME, Set.of());
    private static final List<String> DETECTORS = List.of(CardNumberDetector.KIND, EmailDetector.KIND,
            SsnDetector.KIND, IbanDetector.KIND, PatternDetector.KIND);
    private static final List<String> STRATEGIES = List.of(RedactStrategy.NAME, PartialStrategy.NAME,
            HashStrategy.NAME, NullStrategy.NAME);
    /** Longer than any real value; keeps a typo like 4000 from revealing whole values. */
    private static final int MAX_KEEP = 64;

    private final String path;
    private final List<MaskConfigException.Problem> problems = new ArrayList<>();

    MaskingConfigReader(String path) {
        this.path = path;
    }

    MaskingConfig read(Object rules) throws MaskConfigException {
        List<MaskRule> result = new ArrayList<>();
        if (rules != null && !(rules instanceof List<?>)) {
            problem(path, null, "must be a list of rules, not " + describe(rules));
        } else if (rules != null) {
            Map<String, String> seen = new HashMap<>();
            List<?> list = (List<?>) rules;
            for (int i = 0; i < list.size(); i++) {
                String key = path + "[" + i + "]";
                MaskRule rule = readRule(key, list.get(i));
                if (rule != null) {
                    String previous = seen.putIfAbsent(rule.name(), key);
                    if (previous != null) {
                        problem(key + ".name", rule.name(), "the name is already used by " + previous);
                    } else {
                        result.add(rule);
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new MaskConfigException(problems);
        }
        return new MaskingConfig(result);
    }

    private MaskRule readRule(String key, Object node) {
        if (!(node instanceof Map<?, ?> map)) {
            problem(key, null, "must be a mapping (key: value pairs), not " + describe(node));
            return null;
        }
        int before = problems.size();
        Object nameValue = map.get("name");
        String name = nameValue instanceof String text && !text.isBlank() ? text : null;
        if (name == null) {
            problem(key + ".name", null, nameValue == null ? "is required" : "must be a non-empty string");
        }
        String strategyName = string(map, key, name, "strategy", true);
        Set<String> allowed = new LinkedHashSet<>(COMMON_KEYS);
        if (strategyName != null && STRATEGY_KEYS.containsKey(strategyName)) {
            allowed.addAll(STRATEGY_KEYS.get(strategyName));
        }
        for (Object k : map.keySet()) {
            if (!allowed.contains(String.valueOf(k))) {
                String owner = strategyOwning(String.valueOf(k));
                problem(key + "." + k, name, owner == null
                        ? "unknown key (expected one of: " + String.join(", ", allowed) + ")"
                        : "applies to strategy " + owner + " only"
                                + (strategyName == null ? "" : ", not " + strategyName));
            }
        }
        MaskStrategy strategy = strategyName == null ? null : strategy(map, key, name, strategyName);
        Set<String> exempt = exempt(map, key, name);
        boolean hasColumn = map.get("column") != null;
        boolean hasDetect = map.get("detect") != null;
        if (hasColumn == hasDetect) {
            problem(key, name, "give exactly one of column (a column rule) or detect (a value-detector rule)");
            return null;
        }
        if (hasColumn) {
            if (map.containsKey("pattern")) {
                problem(key + ".pattern", name, "applies to detect: regex only");
            }
            ColumnPattern target = columnPattern(map, key, name);
            return problems.size() == before ? new ColumnRule(name, target, strategy, exempt) : null;
        }
        ValueDetector detector = detector(map, key, name);
        if (strategy instanceof NullStrategy) {
            problem(key + ".strategy", name, "null applies to column rules only: a value found inside a text"
                    + " cannot become NULL (use redact)");
        }
        return problems.size() == before ? new DetectorRule(name, detector, strategy, exempt) : null;
    }

    private ColumnPattern columnPattern(Map<?, ?> map, String key, String name) {
        String text = string(map, key, name, "column", true);
        if (text == null) {
            return null;
        }
        try {
            return ColumnPattern.parse(text);
        } catch (IllegalArgumentException e) {
            problem(key + ".column", name, e.getMessage());
            return null;
        }
    }

    private ValueDetector detector(Map<?, ?> map, String key, String name) {
        String kind = string(map, key, name, "detect", true);
        if (kind == null) {
            return null;
        }
        if (!kind.equals(PatternDetector.KIND) && map.containsKey("pattern")) {
            problem(key + ".pattern", name, "applies to detect: regex only");
        }
        switch (kind) {
            case CardNumberDetector.KIND:
                return new CardNumberDetector();
            case EmailDetector.KIND:
                return new EmailDetector();
            case SsnDetector.KIND:
                return new SsnDetector();
            case IbanDetector.KIND:
                return new IbanDetector();
            case PatternDetector.KIND:
                String regex = string(map, key, name, "pattern", true);
                if (regex == null) {
                    return null;
                }
                try {
                    return new PatternDetector(Pattern.compile(regex));
                } catch (PatternSyntaxException e) {
                    problem(key + ".pattern", name, "invalid regular expression: " + e.getDescription()
                            + " near index " + e.getIndex());
                    return null;
                }
            default:
                problem(key + ".detect", name, "unknown detector '" + kind + "' (expected one of: "
                        + String.join(", ", DETECTORS) + ")");
                return null;
        }
    }

    private MaskStrategy strategy(Map<?, ?> map, String key, String name, String strategyName) {
        switch (strategyName) {
            case RedactStrategy.NAME: {
                String mask = map.containsKey("mask") ? string(map, key, name, "mask", false)
                        : RedactStrategy.DEFAULT_MASK;
                return mask == null ? null : new RedactStrategy(mask);
            }
            case PartialStrategy.NAME: {
                int before = problems.size();
                int first = integer(map, key, name, "keep-first");
                int last = integer(map, key, name, "keep-last");
                if (first == 0 && last == 0 && problems.size() == before) {
                    problem(key, name, "partial needs keep-last or keep-first above 0 (otherwise use redact)");
                }
                char maskChar = PartialStrategy.DEFAULT_MASK_CHAR;
                if (map.containsKey("mask-char")) {
                    String text = string(map, key, name, "mask-char", false);
                    if (text != null && text.length() != 1) {
                        problem(key + ".mask-char", name, "must be a single character");
                    } else if (text != null) {
                        maskChar = text.charAt(0);
                    }
                }
                Object separators = map.get("keep-separators");
                if (separators != null && !(separators instanceof Boolean)) {
                    problem(key + ".keep-separators", name, "must be true or false, not " + describe(separators));
                }
                return new PartialStrategy(first, last, maskChar, Boolean.TRUE.equals(separators));
            }
            case HashStrategy.NAME: {
                Object keyValue = map.get("key");
                if (keyValue == null) {
                    problem(key + ".key", name, "a hash rule needs a key (without one the tokens could be"
                            + " reversed by hashing every candidate value)");
                    return null;
                }
                if (!(keyValue instanceof String secret)) {
                    problem(key + ".key", name, "must be a string");
                    return null;
                }
                byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
                if (bytes.length < HashStrategy.MIN_KEY_BYTES) {
                    problem(key + ".key", name, "must be at least " + HashStrategy.MIN_KEY_BYTES
                            + " bytes long (a random string of 32 characters is a good key)");
                    return null;
                }
                String prefix = map.containsKey("prefix") ? string(map, key, name, "prefix", false)
                        : HashStrategy.DEFAULT_PREFIX;
                return prefix == null ? null : new HashStrategy(bytes, prefix);
            }
            case NullStrategy.NAME:
                return NullStrategy.INSTANCE;
            default:
                problem(key + ".strategy", name, "unknown strategy '" + strategyName + "' (expected one of: "
                        + String.join(", ", STRATEGIES) + ")");
                return null;
        }
    }

    private Set<String> exempt(Map<?, ?> map, String key, String name) {
        Object value = map.get("exempt");
        Set<String> groups = new LinkedHashSet<>();
        if (value == null) {
            return groups;
        }
        if (!(value instanceof List<?> list)) {
            problem(key + ".exempt", name, "must be a list of group names, not " + describe(value));
            return groups;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof String group && !group.isBlank()) {
                groups.add(group);
            } else {
                problem(key + ".exempt[" + i + "]", name, "must be a non-empty group name, not "
                        + describe(list.get(i)));
            }
        }
        return groups;
    }

    private String string(Map<?, ?> map, String key, String name, String field, boolean required) {
        Object value = map.get(field);
        if (value == null) {
            if (required) {
                problem(key + "." + field, name, "is required");
            }
            return null;
        }
        if (!(value instanceof String text)) {
            problem(key + "." + field, name, "must be a string, not " + describe(value));
            return null;
        }
        if (required && text.isBlank()) {
            problem(key + "." + field, name, "must not be empty");
            return null;
        }
        return text;
    }

    private int integer(Map<?, ?> map, String key, String name, String field) {
        Object value = map.get(field);
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Integer || value instanceof Long || value instanceof Short)
                || ((Number) value).longValue() < 0 || ((Number) value).longValue() > MAX_KEEP) {
            problem(key + "." + field, name, "must be a whole number between 0 and " + MAX_KEEP + ", not "
                    + describe(value));
            return 0;
        }
        return ((Number) value).intValue();
    }

    private static String strategyOwning(String key) {
        for (Map.Entry<String, Set<String>> entry : STRATEGY_KEYS.entrySet()) {
            if (entry.getValue().contains(key)) {
                return entry.getKey();
            }
        }
        return null;
    }

    private void problem(String key, String rule, String reason) {
        problems.add(new MaskConfigException.Problem(key, rule, reason));
    }

    /** Describes a value's type without echoing it: a misplaced key may hold a secret. */
    private static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof Map<?, ?>) {
            return "a mapping";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
