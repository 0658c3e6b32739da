package io.hoopgw.server.config;

import java.time.Duration;
import java.util.List;

/** Reads {@code limits}; every key is optional and defaults to {@link LimitsConfig#DEFAULTS}. */
final class LimitsReader {
    private static final List<String> KEYS = List.of("maxMessageSize", "maxStartupPacket", "maxStartupParameters",
            "maxConnections", "startupTimeout", "idleTimeout", "eventLoopThreads", "upstreamConnectTimeout",
            "upstreamLoginTimeout");

    /** PostgreSQL itself refuses messages of 1 GiB or more (its MaxAllocSize). */
    private static final int MAX_MESSAGE_SIZE = 1 << 30;

    private LimitsReader() {
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    static LimitsConfig read(Section root) {
        LimitsConfig defaults = LimitsConfig.DEFAULTS;
        if (!root.has("limits")) {
            return defaults;
        }
        Section section = Section.of(root.context(), root.keyPath("limits"), root.get("limits"), KEYS);
        if (section == null) {
            return defaults;
        }
        Duration startupTimeout = section.duration("startupTimeout", defaults.startupTimeout(), Duration.ofMillis(1));
        // Unset, the login timeout follows a shortened startup timeout; set, it must leave the client time.
        Duration loginDefault = startupTimeout == null ? defaults.upstreamLoginTimeout()
                : min(defaults.upstreamLoginTimeout(), startupTimeout.multipliedBy(4).dividedBy(5));
        Duration loginTimeout = section.duration("upstreamLoginTimeout", loginDefault, Duration.ofMillis(1));
        if (section.has("upstreamLoginTimeout") && startupTimeout != null && loginTimeout != null
                && loginTimeout.compareTo(startupTimeout) >= 0) {
            root.context().problem(section.keyPath("upstreamLoginTimeout"),
                    "must be shorter than startupTimeout (" + startupTimeout.toMillis() + " ms), or clients time out"
                            + " before they can learn that the target failed");
        }
        return new LimitsConfig(
                section.size("maxMessageSize", defaults.maxMessageSize(), 1024, MAX_MESSAGE_SIZE),
                section.size("maxStartupPacket", defaults.maxStartupPacket(), 64, 1 << 20),
                section.integer("maxStartupParameters", defaults.maxStartupParameters(), 1, 10_000),
                section.integer("maxConnections", defaults.maxConnections(), 1, 1_000_000),
                startupTimeout,
                section.duration("idleTimeout", defaults.idleTimeout(), Duration.ZERO),
                section.integer("eventLoopThreads", defaults.eventLoopThreads(), 1, 1024),
                section.duration("upstreamConnectTimeout", defaults.upstreamConnectTimeout(), Duration.ofMillis(1)),
                loginTimeout);
    }
}
