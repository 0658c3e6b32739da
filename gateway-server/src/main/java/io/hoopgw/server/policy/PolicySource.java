package io.hoopgw.server.policy;

import io.hoopgw.core.policy.PolicyEngine;

/**
 * Where sessions get the policy in force. A reloading source swaps in a new engine when the policy file changes;
 * each statement is decided by the engine current when it arrives.
 */
@FunctionalInterface
public interface PolicySource {
    /** The engine in force now; never null. */
    PolicyEngine current();

    /** A source that never changes. */
    static PolicySource fixed(PolicyEngine engine) {
        java.util.Objects.requireNonNull(engine, "engine");
        return () -> engine;
    }
}
