package io.hoopgw.server.config;

import io.hoopgw.server.tls.UpstreamTlsMode;
import io.hoopgw.server.upstream.UpstreamAuthMethod;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An upstream PostgreSQL database clients reach through the gateway.
 *
 * @param name        the target's name: what a client sends as its {@code database} startup parameter
 * @param host        the upstream host
 * @param port        the upstream port, 1 to 65535
 * @param database    the database name sent upstream
 * @param tls         how the gateway secures the upstream connection
 * @param auth        the login methods the gateway answers when the upstream asks; not empty
 * @param defaultRole the role used when a client sends no {@code user}, or null when a client must name one
 * @param roles       the upstream roles the gateway can log in as, by role name, in configuration order
 */
public record TargetConfig(
        String name,
        String host,
        int port,
        String database,
        TargetTls tls,
        Set<UpstreamAuthMethod> auth,
        String defaultRole,
        Map<String, RoleConfig> roles) {

    public TargetConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(tls, "tls");
        if (auth == null || auth.isEmpty()) {
            throw new IllegalArgumentException("target " + name + ": auth must allow at least one method");
        }
        auth = Collections.unmodifiableSet(EnumSet.copyOf(auth));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535: " + port);
        }
        roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        if (defaultRole != null && !roles.containsKey(defaultRole)) {
            throw new IllegalArgumentException("target " + name + ": default role " + defaultRole
                    + " is not one of its roles");
        }
    }

    /**
     * The upstream TLS settings.
     *
     * @param mode   disable, require (encrypt, no verification) or verify-full (chain and host name)
     * @param caFile the CA certificates (PEM) that verify-full trusts; null for the other modes
     */
    public record TargetTls(UpstreamTlsMode mode, Path caFile) {
        public TargetTls {
            Objects.requireNonNull(mode, "mode");
            if ((mode == UpstreamTlsMode.VERIFY_FULL) != (caFile != null)) {
                throw new IllegalArgumentException("caFile is required with verify-full and used only with it");
            }
        }
    }

    /**
     * An upstream role the gateway logs in as.
     *
     * @param name     the PostgreSQL role name
     * @param password the role's password
     */
    public record RoleConfig(String name, Secret password) {
        /** @param password the role's password, or null for a role the upstream lets in by {@code trust} */
        public RoleConfig {
            Objects.requireNonNull(name, "name");
        }
    }
}
