package io.hoopgw.server.access;

import io.hoopgw.core.auth.Identity;
import io.hoopgw.server.config.GatewayConfig;
import io.hoopgw.server.config.GrantConfig;
import io.hoopgw.server.config.TargetConfig;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Decides which upstream role a verified identity may use on a target, from the configuration's grants.
 *
 * <h2>The role rule</h2>
 * A client names the target with its {@code database} startup parameter and the role with its {@code user}:
 * <ul>
 *   <li>{@code user} empty or absent: the target's {@code defaultRole}; refused when the target has none.</li>
 *   <li>{@code user} equal to one of the target's role names (exactly, case-sensitively, as PostgreSQL compares
 *       names): that role.</li>
 *   <li>anything else (a login name, an e-mail address, the token's subject) is refused. Mapping such names to a
 *       role would make the role depend on what the client happened to send, and a subject that some day equals a
 *       role name would silently change meaning.</li>
 * </ul>
 * The role is then granted when a grant lists one of the identity's groups, the target (or {@code *}) and the role
 * (or {@code *}). Grants are tried in configuration order and the first match is cited in the decision.
 *
 * <p>Call only with a verified identity: refusals tell an authenticated caller whether a target or role it named
 * exists, but never name one it did not. Immutable and thread-safe. Grants are few and resolution happens once per
 * login, so a linear scan is all the indexing needed.
 */
public final class GrantResolver {
    private final GatewayConfig config;
    private final List<GrantConfig> grants;

    public GrantResolver(GatewayConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.grants = config.grants();
    }

    /**
     * Resolves a login.
     *
     * @param identity      the verified caller
     * @param targetName    the client's {@code database} startup parameter, or null when absent
     * @param requestedRole the client's {@code user} startup parameter, or null when absent
     * @return granted with the target, role and grant name, or refused with a reason naming what was missing
     */
    public AccessDecision resolve(Identity identity, String targetName, String requestedRole) {
        Objects.requireNonNull(identity, "identity");
        if (targetName == null || targetName.isEmpty()) {
            return AccessDecision.refused("no target given: set the database to the name of a target");
        }
        TargetConfig target = config.targets().get(targetName);
        if (target == null) {
            return AccessDecision.refused("no target named '" + targetName + "'");
        }
        String role;
        if (requestedRole == null || requestedRole.isEmpty()) {
            if (target.defaultRole() == null) {
                return AccessDecision.refused("target '" + targetName + "' has no default role:"
                        + " set the user to the name of a role");
            }
            role = target.defaultRole();
        } else if (target.roles().containsKey(requestedRole)) {
            role = requestedRole;
        } else {
            return AccessDecision.refused("no role named '" + requestedRole + "' on target '" + targetName + "': "
                    + (target.defaultRole() == null
                            ? "set the user to the name of a role"
                            : "set the user to the name of a role, or leave it empty for the default role"));
        }
        for (GrantConfig grant : grants) {
            if (grant.coversTarget(targetName) && grant.coversRole(role) && grant.appliesToAny(identity.groups())) {
                return AccessDecision.granted(target, role, grant.name());
            }
        }
        if (identity.groups().isEmpty()) {
            return AccessDecision.refused("the identity has no groups, so no grant for role '" + role
                    + "' on target '" + targetName + "' applies");
        }
        return AccessDecision.refused("groups " + new TreeSet<>(identity.groups()) + " have no grant for role '"
                + role + "' on target '" + targetName + "'");
    }
}
