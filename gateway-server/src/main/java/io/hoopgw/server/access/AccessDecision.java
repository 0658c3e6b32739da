package io.hoopgw.server.access;

import io.hoopgw.server.config.Secret;
import io.hoopgw.server.config.TargetConfig;
import java.util.Objects;

/** The outcome of {@link GrantResolver#resolve}: a target and role to connect as, or a reason for refusal. */
public sealed interface AccessDecision permits AccessDecision.Granted, AccessDecision.Refused {

    /** Access granted to {@code role} on {@code target} by the grant named {@code grantName}. */
    static Granted granted(TargetConfig target, String role, String grantName) {
        return new Granted(target, role, grantName);
    }

    /** Access refused for {@code reason}. */
    static Refused refused(String reason) {
        return new Refused(reason);
    }

    /**
     * Connect upstream to {@code target} as {@code role}.
     *
     * @param target    the target to connect to
     * @param role      the upstream role to log in as, one of the target's roles
     * @param grantName the grant that allowed it, for the audit record
     */
    record Granted(TargetConfig target, String role, String grantName) implements AccessDecision {
        public Granted {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(grantName, "grantName");
            if (!target.roles().containsKey(role)) {
                throw new IllegalArgumentException("target " + target.name() + " has no role " + role);
            }
        }

        /** The password the gateway logs in upstream with, or null for a role the upstream trusts. */
        public Secret password() {
            return target.roles().get(role).password();
        }
    }

    /**
     * Refused. The reason is written for the client (sent in an ErrorResponse with SQLSTATE 28000) and the audit
     * log: it names what was missing, and nothing about targets or roles the client did not name itself.
     *
     * @param reason why, in a sentence without a trailing period
     */
    record Refused(String reason) implements AccessDecision {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
