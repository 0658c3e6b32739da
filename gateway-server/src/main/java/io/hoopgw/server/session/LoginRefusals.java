package io.hoopgw.server.session;

import io.hoopgw.audit.AuditRecorder;
import io.hoopgw.core.auth.Identity;
import io.hoopgw.core.auth.TokenRejectedException.FailedCheck;
import io.hoopgw.core.protocol.backend.ErrorResponse.Severity;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records refused logins, when the gateway records sessions. The refusal is sent whatever becomes of its record:
 * a record that cannot be written is logged, and the client is refused all the same.
 *
 * <p>The check a record names as failed is one of:
 * <ul>
 *   <li>{@code token:<check>}: the token failed {@link FailedCheck} {@code <check>}, in lower case
 *       ({@code token:expired}, {@code token:signature}, {@code token:unknown_key}, ...);
 *   <li>{@code token:error}: verification itself failed unexpectedly;
 *   <li>{@code grant}: the identity may not use the requested role on the requested target (or neither exists);
 *   <li>{@code upstream}: the target could not be reached, or refused the gateway's own login;
 *   <li>{@code capacity}: the gateway was too busy to verify the token.
 * </ul>
 */
final class LoginRefusals {
    static final String TOKEN_ERROR = "token:error";
    static final String GRANT = "grant";
    static final String UPSTREAM = "upstream";
    static final String CAPACITY = "capacity";

    private static final Logger log = LoggerFactory.getLogger(LoginRefusals.class);

    private LoginRefusals() {
    }

    /** The failed check of a rejected token. */
    static String token(FailedCheck check) {
        return "token:" + check.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Records a refusal with {@code recorder}; never throws.
     *
     * @param identity the verified identity, or null when the token was refused
     * @param target   the target the client asked for, or null
     * @param message  the message the client is sent, without the gateway's prefix
     */
    static void record(AuditRecorder recorder, ClientConnection connection, Identity identity, String target,
            String failedCheck, String sqlState, String message) {
        try {
            String sent = GatewayErrors.error(Severity.FATAL, sqlState, message).message();
            recorder.loginRefused(connection.auditInfo(), identity, target, failedCheck, sqlState, sent)
                    .whenComplete((done, failure) -> {
                        if (failure != null) {
                            notRecorded(connection, failedCheck, failure);
                        }
                    });
        } catch (RuntimeException e) {
            notRecorded(connection, failedCheck, e);
        }
    }

    private static void notRecorded(ClientConnection connection, String failedCheck, Throwable failure) {
        log.warn("login refusal not recorded: client={} check={} reason={}", connection.remoteAddress(), failedCheck,
                LogSafe.quote(String.valueOf(failure.getMessage())));
    }
}
