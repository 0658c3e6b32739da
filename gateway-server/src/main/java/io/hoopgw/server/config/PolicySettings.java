package io.hoopgw.server.config;

import io.hoopgw.core.policy.Policy;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code policy} section: the statement policy, validated, and the file it came from when it lives in a file
 * of its own (which the gateway then watches and reloads).
 *
 * @param policy the policy as loaded with the configuration
 * @param file   the policy file, absolute; empty when the rules are written inline in the gateway configuration
 */
public record PolicySettings(Policy policy, Optional<Path> file) {
    public PolicySettings {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(file, "file");
    }
}
