package io.hoopgw.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hoopgw.core.policy.Policy;
import io.hoopgw.core.policy.PolicyException;
import io.hoopgw.core.policy.PolicyLoader;
import io.hoopgw.server.config.ConfigException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement policy in a YAML file of its own: the keys of the configuration's inline {@code policy} section
 * ({@code rules}, {@code guardrails}, {@code defaultFunctions}, {@code unqualifiedSchemas}) at the top level, and
 * nothing else. Read with the configuration's own strictness (unknown and duplicate keys are errors); problems name
 * the file, the key and the reason.
 */
public final class PolicyFile {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private PolicyFile() {
    }

    /**
     * Reads and validates a policy file.
     *
     * @throws ConfigException whose source is {@code file} as given, naming every problem
     */
    public static Policy read(Path file) throws ConfigException {
        return parse(content(file), file.toString());
    }

    /**
     * A policy file's bytes, to {@link #parse} (a reloader compares them with what it last read).
     *
     * @throws ConfigException whose source is {@code file} as given, when it is missing or cannot be read
     */
    public static byte[] content(Path file) throws ConfigException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of(new Problem("", "file not found")));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new Problem("", "cannot read the file: " + e)));
        }
    }

    /**
     * Validates a policy file's content.
     *
     * @param sourceName names the content in problems (the file's path)
     * @throws ConfigException naming every problem
     */
    public static Policy parse(byte[] content, String sourceName) throws ConfigException {
        JsonNode tree;
        try {
            tree = ConfigLoader.YAML.readTree(new String(content, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ConfigException(sourceName, List.of(new Problem("", ConfigLoader.syntaxError(e))));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ConfigException(sourceName, List.of(new Problem("", "the policy file is empty")));
        }
        try {
            return load(tree, "");
        } catch (PolicyException e) {
            throw new ConfigException(sourceName, problems(e));
        }
    }

    /** Loads a policy node with gateway-core's {@link PolicyLoader}, from the plain values it reads. */
    static Policy load(JsonNode node, String rootPath) throws PolicyException {
        return PolicyLoader.load(PLAIN.convertValue(node, Object.class), rootPath);
    }

    /** gateway-core's {@code key: reason} lines as configuration problems. */
    static List<Problem> problems(PolicyException e) {
        List<Problem> problems = new ArrayList<>();
        for (String line : e.problems()) {
            int colon = line.indexOf(": ");
            problems.add(colon < 0 ? new Problem("", line)
                    : new Problem(line.substring(0, colon), line.substring(colon + 2)));
        }
        return problems;
    }
}
