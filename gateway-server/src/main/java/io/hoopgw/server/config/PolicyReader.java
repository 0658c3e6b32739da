package io.hoopgw.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.hoopgw.core.policy.Policy;
import io.hoopgw.core.policy.PolicyException;
import io.hoopgw.server.config.ConfigException.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code policy}: either the rules inline (the keys gateway-core's policy loader knows), or
 * {@code file: path} naming a policy file of their own, which the gateway reloads when it changes. Both are
 * validated now, so a gateway never starts with a policy it cannot enforce.
 */
final class PolicyReader {
    private static final String FILE = "file";

    private PolicyReader() {
    }

    static Optional<PolicySettings> read(Section root) {
        if (!root.has("policy")) {
            return Optional.empty();
        }
        ReadContext context = root.context();
        String path = root.keyPath("policy");
        JsonNode node = root.get("policy");
        if (!node.isObject()) {
            context.problem(path, "must be a mapping (the rules, or file: path), not " + Section.describe(node));
            return Optional.empty();
        }
        if (node.has(FILE)) {
            return fromFile(context, path, node);
        }
        try {
            return Optional.of(new PolicySettings(PolicyFile.load(node, path), Optional.empty()));
        } catch (PolicyException e) {
            PolicyFile.problems(e).forEach(problem -> context.problem(problem.key(), problem.reason()));
            return Optional.empty();
        }
    }

    private static Optional<PolicySettings> fromFile(ReadContext context, String path, JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        // Every key is let through here and checked below, to say why it cannot stand next to file.
        Section section = Section.of(context, path, node, keys);
        for (String key : keys) {
            if (!key.equals(FILE)) {
                context.problem(section.keyPath(key), "not allowed with " + section.keyPath(FILE)
                        + ": the rules are either inline or in the policy file, not both");
            }
        }
        Path file = section.file(FILE, true);
        if (file == null) {
            return Optional.empty();
        }
        try {
            Policy policy = PolicyFile.read(file);
            return Optional.of(new PolicySettings(policy, Optional.of(file)));
        } catch (ConfigException e) {
            for (Problem problem : e.problems()) {
                context.problem(section.keyPath(FILE), problem.format(e.source()));
            }
            return Optional.empty();
        }
    }
}
