package io.hoopgw.server.config;

import java.time.Duration;
import java.util.List;

/** Reads {@code limits}; every key is optional and defaults to {@link LimitsConfig#DEFAULTS}. */
final class LimitsReader {
    private static final List<String> KEYS = List.of("maxMessageSize", "maxStartupPacket", "maxStartupParameters",
            "maxConnections", "startupTimeout", "idleTimeout", "eventLoopThreads");

    /** PostgreSQL itself refuses messages of 1 GiB or more (its MaxAllocSize). */
    private static final int MAX_MESSAGE_SIZE = 1 << 30;

    private LimitsReader() {
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
        return new LimitsConfig(
                section.size("maxMessageSize", defaults.maxMessageSize(), 1024, MAX_MESSAGE_SIZE),
                section.size("maxStartupPacket", defaults.maxStartupPacket(), 64, 1 << 20),
                section.integer("maxStartupParameters", defaults.maxStartupParameters(), 1, 10_000),
                section.integer("maxConnections", defaults.maxConnections(), 1, 1_000_000),
                section.duration("startupTimeout", defaults.startupTimeout(), Duration.ofMillis(1)),
                section.duration("idleTimeout", defaults.idleTimeout(), Duration.ZERO),
                section.integer("eventLoopThreads", defaults.eventLoopThreads(), 1, 1024));
    }
}
