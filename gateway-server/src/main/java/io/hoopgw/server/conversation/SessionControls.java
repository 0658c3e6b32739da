package io.hoopgw.server.conversation;

import io.hoopgw.audit.SessionAudit;
import io.hoopgw.core.mask.MaskCounts;
import io.hoopgw.core.mask.Masker;
import io.hoopgw.core.policy.Guardrails;
import io.hoopgw.server.mask.ColumnCatalog;
import io.hoopgw.server.policy.PolicySource;
import io.netty.util.concurrent.Future;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The controls as they apply to one session: its identity's groups and target, and the policy, recorder and
 * masker that are in force for it (each null when not configured, or, for the masker, when no rule applies to the
 * identity's groups).
 *
 * @param groups          the identity's gateway groups
 * @param target          the target's name
 * @param policy          the policy source, or null
 * @param audit           the session's recorder, or null
 * @param masker          the masker for the identity's groups, or null
 * @param counts          where masked values are counted (when {@code masker} is set)
 * @param catalog         names the source columns of result columns
 * @param cancelUpstream  sends a CancelRequest for the upstream session (row limits, statement timeouts); the
 *                        future completes when the server has taken it
 */
record SessionControls(Set<String> groups, String target, PolicySource policy, SessionAudit audit, Masker masker,
        MaskCounts counts, ColumnCatalog catalog,
        Supplier<Future<?>> cancelUpstream) {

    Guardrails guardrails() {
        return policy == null ? Guardrails.DEFAULT : policy.current().policy().guardrails();
    }
}
