package io.hoopgw.server;

import io.hoopgw.audit.AuditRecorder;
import io.hoopgw.server.session.DataPathControls;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the gateway can do its whole job: healthy while no data-path control reports a failure. Only the audit
 * recorder can fail today (its store cannot write, so statements are refused until it can). Each change is logged
 * once: an ERROR when the gateway turns unhealthy, an INFO when it recovers. Thread-safe.
 */
final class GatewayHealth {
    private static final Logger log = LoggerFactory.getLogger(GatewayHealth.class);

    private final Optional<AuditRecorder> recorder;
    private boolean lastHealthy = true;

    GatewayHealth(DataPathControls controls) {
        this.recorder = controls.audit();
    }

    /** Whether any control can fail, so that the health is worth watching. */
    boolean watched() {
        return recorder.isPresent();
    }

    /** The health now; logs it when it differs from what the previous check saw. */
    synchronized boolean check() {
        boolean healthy = recorder.map(AuditRecorder::healthy).orElse(true);
        if (healthy != lastHealthy) {
            AuditRecorder audit = recorder.orElseThrow();
            if (healthy) {
                log.info("gateway healthy again: the audit store {} can write", audit.directory());
            } else {
                // The failure goes in as text: as slf4j's last argument, a Throwable would become a stack trace.
                log.error("gateway unhealthy: the audit store {} cannot write ({}); statements are refused until it"
                        + " can", audit.directory(), String.valueOf(audit.lastFailure()));
            }
            lastHealthy = healthy;
        }
        return healthy;
    }
}
