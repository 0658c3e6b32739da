package io.hoopgw.server.config;

import io.hoopgw.core.auth.TrustedIssuer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole gateway configuration, immutable. Read it with {@link ConfigLoader}, which validates every key and every
 * cross-reference (a grant's targets and roles, a target's default role) before building it; the records themselves
 * check only what keeps them well-formed, so a configuration built in code is trusted to be consistent.
 *
 * @param listeners where clients connect; at least one
 * @param issuers   identity providers whose tokens are accepted; at least one
 * @param targets   upstream databases by name, in configuration order; the name is what clients send as their
 *                  {@code database} startup parameter
 * @param grants    which groups may use which roles on which targets, in configuration order
 * @param limits    resource limits
 * @param masking   the masking rules and catalog settings; empty when the configuration has no {@code masking}
 * @param audit     how sessions are recorded; empty when the configuration has no {@code audit} section
 * @param policy    the statement policy; empty when the configuration has no {@code policy}
 */
public record GatewayConfig(
        List<ListenerConfig> listeners,
        List<TrustedIssuer> issuers,
        Map<String, TargetConfig> targets,
        List<GrantConfig> grants,
        LimitsConfig limits,
        Optional<MaskingSettings> masking,
        Optional<AuditSettings> audit,
        Optional<PolicySettings> policy) {

    public GatewayConfig {
        listeners = List.copyOf(listeners);
        issuers = List.copyOf(issuers);
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
        grants = List.copyOf(grants);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(masking, "masking");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(policy, "policy");
        targets.forEach((name, target) -> {
            if (!name.equals(target.name())) {
                throw new IllegalArgumentException("target key '" + name + "' differs from its name '"
                        + target.name() + "'");
            }
        });
    }
}
