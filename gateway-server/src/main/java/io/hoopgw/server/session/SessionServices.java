package io.hoopgw.server.session;

import io.hoopgw.core.auth.Identity;
import io.hoopgw.core.auth.TokenVerifier;
import io.hoopgw.server.upstream.UpstreamConnector;
import io.hoopgw.server.upstream.UpstreamCredential;
import io.hoopgw.server.upstream.UpstreamEndpoint;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Everything a client connection calls on, shared by all connections of a gateway.
 *
 * @param verifier         checks tokens; may block, so it runs on {@code blockingExecutor}
 * @param blockingExecutor runs token verification off the event loop
 * @param access           decides which target and upstream role an identity may use
 * @param targets          the upstream endpoints and the gateway-held credentials
 * @param connector        opens upstream sessions
 * @param cancels          the gateway's BackendKeyData, for routing CancelRequests
 * @param limits           protocol and time limits
 * @param controls         recording, policy and masking on the data path
 */
public record SessionServices(
        TokenVerifier verifier,
        Executor blockingExecutor,
        AccessControl access,
        Targets targets,
        UpstreamConnector connector,
        CancelRegistry<CancelTarget> cancels,
        Limits limits,
        DataPathControls controls) {

    /** Decides whether an identity may open a target as an upstream role. */
    @FunctionalInterface
    public interface AccessControl {
        /**
         * @param requestedRole the client's {@code user} startup parameter
         */
        Access decide(Identity identity, String target, String requestedRole);
    }

    /** An access decision. */
    public sealed interface Access {
        /** Allowed, as {@code role} on {@code target}, by the grant named {@code grant}. */
        record Granted(String target, String role, String grant) implements Access {
        }

        /** Refused; {@code reason} is safe to show the client. */
        record Refused(String reason) implements Access {
        }
    }

    /** The configured upstream targets. */
    public interface Targets {
        /** The endpoint of a target. */
        Optional<UpstreamEndpoint> endpoint(String target);

        /** The gateway-held credential for a role on a target. */
        Optional<UpstreamCredential> credential(String target, String role);
    }

    /** The upstream session a gateway cancel key stands for. */
    public record CancelTarget(UpstreamEndpoint endpoint, int processId, byte[] secretKey) {
    }

    /**
     * @param maxMessageLength     largest frontend message accepted after startup
     * @param maxStartupPacket     largest startup packet accepted
     * @param maxStartupParameters most startup parameters accepted
     * @param maxConnections       most client connections at once
     * @param startupTimeout       time from connect to an established session
     * @param idleTimeout          time without traffic before a session is closed; zero for none
     */
    public record Limits(int maxMessageLength, int maxStartupPacket, int maxStartupParameters, int maxConnections,
            Duration startupTimeout, Duration idleTimeout) {
    }
}
