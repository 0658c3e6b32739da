package io.hoopgw.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One YAML mapping being read, at a known key path, whose keys must all be expected ones: a misspelt key is an
 * error, never silently ignored. Each accessor reports a problem (type, range, missing) to the {@link ReadContext}
 * at the key's full path and returns a fallback, so reading can go on and find further problems.
 */
final class Section {
    private final ReadContext context;
    private final String path;
    private final JsonNode node;

    private Section(ReadContext context, String path, JsonNode node) {
        this.context = context;
        this.path = path;
        this.node = node;
    }

    /**
     * The mapping {@code node} at {@code path}, with unknown keys reported; null (and reported) when {@code node} is
     * not a mapping.
     */
    static Section of(ReadContext context, String path, JsonNode node, List<String> allowedKeys) {
        if (node == null || !node.isObject()) {
            context.problem(path, "must be a mapping (key: value pairs), not " + describe(node));
            return null;
        }
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            String name = property.getKey();
            if (!allowedKeys.contains(name)) {
                context.problem(join(path, name), "unknown key (expected one of: "
                        + String.join(", ", allowedKeys) + ")");
            }
        }
        return new Section(context, path, node);
    }

    ReadContext context() {
        return context;
    }

    String path() {
        return path;
    }

    /** The full path of {@code key} in this section. */
    String keyPath(String key) {
        return join(path, key);
    }

    /** Whether {@code key} is present with a non-null value. */
    boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    /** The raw value of {@code key}, or null when absent or null. */
    JsonNode get(String key) {
        return has(key) ? node.get(key) : null;
    }

    /** A required non-blank string, or null (reported). */
    String requiredString(String key) {
        if (!has(key)) {
            return missing(key);
        }
        return string(key);
    }

    /** An optional non-blank string, or null when absent (or reported). */
    String string(String key) {
        JsonNode value = get(key);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            context.problem(keyPath(key), "must be a string, not " + describe(value)
                    + (value.isNumber() || value.isBoolean() ? " (quote it: '" + value.asText() + "')" : ""));
            return null;
        }
        if (value.asText().isBlank()) {
            context.problem(keyPath(key), "must not be empty");
            return null;
        }
        return value.asText();
    }

    /** A required integer between {@code min} and {@code max}, or null (reported). */
    Integer requiredInteger(String key, int min, int max) {
        if (!has(key)) {
            return missing(key);
        }
        return checkedInteger(key, min, max);
    }

    /** An integer between {@code min} and {@code max}, or {@code fallback} when absent (or reported). */
    int integer(String key, int fallback, int min, int max) {
        Integer value = has(key) ? checkedInteger(key, min, max) : null;
        return value == null ? fallback : value;
    }

    private Integer checkedInteger(String key, int min, int max) {
        JsonNode value = get(key);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            context.problem(keyPath(key), "must be a whole number between " + min + " and " + max + ", not "
                    + describe(value));
            return null;
        }
        int number = value.intValue();
        if (number < min || number > max) {
            context.problem(keyPath(key), "must be between " + min + " and " + max);
            return null;
        }
        return number;
    }

    /** A boolean, or {@code fallback} when absent (or reported). */
    boolean bool(String key, boolean fallback) {
        JsonNode value = get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.isBoolean()) {
            context.problem(keyPath(key), "must be true or false, not " + describe(value));
            return fallback;
        }
        return value.booleanValue();
    }

    /**
     * A duration ({@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 0}) of at least {@code min}, or
     * {@code fallback} when absent (or reported).
     */
    Duration duration(String key, Duration fallback, Duration min) {
        JsonNode value = get(key);
        if (value == null) {
            return fallback;
        }
        try {
            Duration parsed = Units.parseDuration(value.isIntegralNumber() ? value.asText() : textOf(value));
            if (parsed.compareTo(min) < 0) {
                context.problem(keyPath(key), "must be at least " + Units.formatDuration(min));
                return fallback;
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            context.problem(keyPath(key), e.getMessage());
            return fallback;
        }
    }

    /**
     * A size in bytes ({@code 10000}, {@code 512KiB}, {@code 64MiB}, {@code 1GiB}) between {@code min} and
     * {@code max}, or {@code fallback} when absent (or reported).
     */
    int size(String key, int fallback, int min, int max) {
        JsonNode value = get(key);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Units.parseSize(value.isIntegralNumber() ? value.asText() : textOf(value));
            if (parsed < min || parsed > max) {
                context.problem(keyPath(key), "must be between " + Units.formatSize(min) + " and "
                        + Units.formatSize(max));
                return fallback;
            }
            return (int) parsed;
        } catch (IllegalArgumentException e) {
            context.problem(keyPath(key), e.getMessage());
            return fallback;
        }
    }

    /**
     * A list of non-blank strings; empty when absent, or (reported) when {@code required} and absent or empty.
     * Invalid entries are reported and left out.
     */
    List<String> strings(String key, boolean required) {
        List<String> result = new ArrayList<>();
        for (Element element : list(key, required)) {
            if (!element.node().isTextual() || element.node().asText().isBlank()) {
                context.problem(element.path(), "must be a non-empty string, not " + describe(element.node()));
            } else {
                result.add(element.node().asText());
            }
        }
        return result;
    }

    /** The elements of a list; empty when absent, or (reported) when {@code required} and absent or empty. */
    List<Element> list(String key, boolean required) {
        JsonNode value = get(key);
        if (value == null) {
            if (required) {
                missing(key);
            }
            return List.of();
        }
        if (!value.isArray()) {
            context.problem(keyPath(key), "must be a list, not " + describe(value));
            return List.of();
        }
        if (required && value.isEmpty()) {
            context.problem(keyPath(key), "must have at least one entry");
        }
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            elements.add(new Element(keyPath(key) + "[" + i + "]", value.get(i)));
        }
        return elements;
    }

    /**
     * The entries of a mapping whose keys are names chosen by the user (targets, roles), in file order; empty when
     * absent, or (reported) when {@code required} and absent or empty.
     */
    List<Element> entries(String key, boolean required) {
        JsonNode value = get(key);
        if (value == null) {
            if (required) {
                missing(key);
            }
            return List.of();
        }
        if (!value.isObject()) {
            context.problem(keyPath(key), "must be a mapping (name: settings), not " + describe(value));
            return List.of();
        }
        if (required && value.isEmpty()) {
            context.problem(keyPath(key), "must have at least one entry");
        }
        List<Element> elements = new ArrayList<>();
        for (Map.Entry<String, JsonNode> property : value.properties()) {
            elements.add(new Element(keyPath(key) + "." + property.getKey(), property.getKey(), property.getValue()));
        }
        return elements;
    }

    /**
     * A readable regular file, made absolute against the configuration file's directory; null when absent (reported
     * when {@code required}) or not readable (reported).
     */
    Path file(String key, boolean required) {
        if (!has(key)) {
            return required ? missing(key) : null;
        }
        String text = string(key);
        if (text == null) {
            return null;
        }
        Path file = context.resolve(text);
        String problem = Units.unreadableFile(file);
        if (problem != null) {
            context.problem(keyPath(key), problem);
            return null;
        }
        return file;
    }

    /** A secret ({@code {env: NAME}}, {@code {file: /path}} or {@code {value: ...}}), resolved; null (reported). */
    Secret secret(String key) {
        if (!has(key)) {
            return missing(key);
        }
        return Secrets.read(context, keyPath(key), get(key));
    }

    private <T> T missing(String key) {
        context.problem(keyPath(key), "is required");
        return null;
    }

    private String textOf(JsonNode value) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException("must be a string, not " + describe(value));
        }
        return value.asText();
    }

    /** A short description of a YAML value's type for error messages; never the value itself. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "a mapping";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /**
     * One element of a list or user-named mapping.
     *
     * @param path the element's full key path
     * @param name the mapping key, or null for a list element
     * @param node the element's value
     */
    record Element(String path, String name, JsonNode node) {
        Element(String path, JsonNode node) {
            this(path, null, node);
        }
    }
}
