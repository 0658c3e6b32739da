package io.hoopgw.server.session;

import io.hoopgw.audit.AuditRecorder;
import io.hoopgw.server.mask.MaskingControls;
import io.hoopgw.server.policy.PolicySource;
import java.util.Optional;

/**
 * The controls a gateway applies on the data path of every session: recording, policy and masking. Each is absent
 * when not configured; with none, sessions relay bytes without looking into messages.
 *
 * @param audit   records every statement durably before it is forwarded
 * @param policy  decides, per identity and statement, what may reach the database
 * @param masking rewrites sensitive values in results before the client sees them
 */
public record DataPathControls(Optional<AuditRecorder> audit, Optional<PolicySource> policy,
        Optional<MaskingControls> masking) {

    /** No controls: the bare relay. */
    public static final DataPathControls NONE = new DataPathControls(Optional.empty(), Optional.empty(),
            Optional.empty());

    public DataPathControls {
        java.util.Objects.requireNonNull(audit, "audit");
        java.util.Objects.requireNonNull(policy, "policy");
        java.util.Objects.requireNonNull(masking, "masking");
    }

    /** Whether any control is configured, so that sessions must frame and inspect their messages. */
    public boolean any() {
        return audit.isPresent() || policy.isPresent() || masking.isPresent();
    }

    /** These controls with recording by {@code recorder}. */
    public DataPathControls withAudit(AuditRecorder recorder) {
        return new DataPathControls(Optional.of(recorder), policy, masking);
    }

    /** These controls with {@code source}'s policy. */
    public DataPathControls withPolicy(PolicySource source) {
        return new DataPathControls(audit, Optional.of(source), masking);
    }

    /** These controls with {@code controls}' masking. */
    public DataPathControls withMasking(MaskingControls controls) {
        return new DataPathControls(audit, policy, Optional.of(controls));
    }
}
