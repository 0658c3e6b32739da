package io.hoopgw.server.tls;

import java.util.Optional;

/**
 * How the gateway secures its connection to an upstream PostgreSQL server. The names follow libpq's
 * {@code sslmode}, restricted to the three that mean something definite.
 */
public enum UpstreamTlsMode {
    /** No TLS: only for upstreams on the same host or a trusted private network. */
    DISABLE("disable"),
    /** TLS without verifying the server: protects against passive eavesdropping only. */
    REQUIRE("require"),
    /** TLS, the server's chain verified against a configured CA and its name against the target host. */
    VERIFY_FULL("verify-full");

    private final String configName;

    UpstreamTlsMode(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration files: {@code disable}, {@code require} or {@code verify-full}. */
    public String configName() {
        return configName;
    }

    /** The mode whose {@link #configName()} is {@code name}, or empty. */
    public static Optional<UpstreamTlsMode> fromConfigName(String name) {
        for (UpstreamTlsMode mode : values()) {
            if (mode.configName.equals(name)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
