package io.hoopgw.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads and resolves {@link Secret}s. Problems name the key and where the secret was to come from (a variable's
 * name, a file's path), never any part of a value.
 */
final class Secrets {
    private static final List<String> KEYS = List.of("env", "file", "value");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String FORMS = "{env: NAME}, {file: /path} or {value: ...}";

    private Secrets() {
    }

    /** The secret written at {@code path} as {@code node}, resolved; null (reported) when it cannot be. */
    static Secret read(ReadContext context, String path, JsonNode node) {
        if (!node.isObject()) {
            // Deliberately not Section.describe-and-echo: a plain value here is probably the secret itself.
            context.problem(path, "must be " + FORMS + ", not a plain value");
            return null;
        }
        Section section = Section.of(context, path, node, KEYS);
        long given = KEYS.stream().filter(section::has).count();
        if (given != 1) {
            context.problem(path, "must give exactly one of " + FORMS);
            return null;
        }
        if (section.has("env")) {
            return fromEnvironment(context, section);
        }
        if (section.has("file")) {
            return fromFile(context, section);
        }
        JsonNode value = section.get("value");
        if (!value.isTextual()) {
            context.problem(section.keyPath("value"), "must be a string (quote it)");
            return null;
        }
        if (value.asText().isEmpty()) {
            context.problem(section.keyPath("value"), "must not be empty");
            return null;
        }
        return new Secret(value.asText(), "inline");
    }

    private static Secret fromEnvironment(ReadContext context, Section section) {
        String name = section.string("env");
        if (name == null) {
            return null;
        }
        if (!ENV_NAME.matcher(name).matches()) {
            context.problem(section.keyPath("env"), "'" + name + "' is not an environment variable name");
            return null;
        }
        String value = context.environmentVariable(name);
        if (value == null) {
            context.problem(section.path(), "environment variable " + name + " is not set");
            return null;
        }
        if (value.isEmpty()) {
            context.problem(section.path(), "environment variable " + name + " is empty");
            return null;
        }
        return new Secret(value, "env " + name);
    }

    private static Secret fromFile(ReadContext context, Section section) {
        String name = section.string("file");
        if (name == null) {
            return null;
        }
        Path file = context.resolve(name);
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            context.problem(section.path(), "secret file not found: " + file);
            return null;
        } catch (AccessDeniedException e) {
            context.problem(section.path(), "secret file not readable: " + file);
            return null;
        } catch (IOException e) {
            context.problem(section.path(), "cannot read secret file " + file + ": " + e.getClass().getSimpleName());
            return null;
        }
        String value = stripOneLineBreak(content);
        if (value.isEmpty()) {
            context.problem(section.path(), "secret file is empty: " + file);
            return null;
        }
        return new Secret(value, "file " + file);
    }

    /** Secret files are usually written with {@code echo}; one trailing line break is not part of the secret. */
    private static String stripOneLineBreak(String content) {
        if (content.endsWith("\r\n")) {
            return content.substring(0, content.length() - 2);
        }
        if (content.endsWith("\n")) {
            return content.substring(0, content.length() - 1);
        }
        return content;
    }
}
