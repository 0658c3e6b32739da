package io.hoopgw.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Resource limits. Every key is optional in YAML; {@link #DEFAULTS} holds the values used for missing ones.
 *
 * @param maxMessageSize       the largest protocol message accepted from a logged-in client, in bytes
 * @param maxStartupPacket     the largest startup-phase packet (StartupMessage, SSLRequest...) in bytes
 * @param maxStartupParameters the most parameters a StartupMessage may carry
 * @param maxConnections       the most client connections open at once, across listeners
 * @param startupTimeout       how long a client has from connecting to being logged in
 * @param idleTimeout          how long a connection may stay silent in both directions; {@link Duration#ZERO} for
 *                             no limit
 * @param eventLoopThreads     Netty event-loop threads; keep small on machines shared with PostgreSQL
 * @param upstreamConnectTimeout how long the TCP connect to a target may take
 * @param upstreamLoginTimeout   how long connect, TLS and login to a target may take together; shorter than
 *                               {@code startupTimeout}, so a client learns that the target failed, not that it
 *                               ran out of time
 */
public record LimitsConfig(
        int maxMessageSize,
        int maxStartupPacket,
        int maxStartupParameters,
        int maxConnections,
        Duration startupTimeout,
        Duration idleTimeout,
        int eventLoopThreads,
        Duration upstreamConnectTimeout,
        Duration upstreamLoginTimeout) {

    /** The limits used when a configuration gives none. */
    public static final LimitsConfig DEFAULTS = new LimitsConfig(
            64 * 1024 * 1024, 10_000, 64, 1000, Duration.ofSeconds(10), Duration.ZERO, 1,
            Duration.ofSeconds(5), Duration.ofSeconds(8));

    public LimitsConfig {
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(upstreamConnectTimeout, "upstreamConnectTimeout");
        Objects.requireNonNull(upstreamLoginTimeout, "upstreamLoginTimeout");
        if (upstreamConnectTimeout.isNegative() || upstreamConnectTimeout.isZero() || upstreamLoginTimeout.isNegative()
                || upstreamLoginTimeout.isZero()) {
            throw new IllegalArgumentException("upstream timeouts must be positive");
        }
        if (maxMessageSize <= 0 || maxStartupPacket <= 0 || maxStartupParameters <= 0 || maxConnections <= 0
                || eventLoopThreads <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (startupTimeout.isNegative() || startupTimeout.isZero() || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("startupTimeout must be positive and idleTimeout not negative");
        }
    }

    /** Whether idle connections are closed at all. */
    public boolean hasIdleTimeout() {
        return !idleTimeout.isZero();
    }
}
