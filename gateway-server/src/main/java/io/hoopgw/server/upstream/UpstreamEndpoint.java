package io.hoopgw.server.upstream;

import io.netty.handler.ssl.SslContext;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Where and how the gateway reaches one target's PostgreSQL.
 *
 * @param targetName  the target's name in the configuration, for messages
 * @param host        upstream host (also the TLS SNI name and, with {@code verifyHost}, the name checked)
 * @param port        upstream port
 * @param database    upstream database name
 * @param tls         null for {@code disable}; otherwise the client context for {@code require} or {@code verify-full}
 * @param verifyHost  whether the server certificate must name {@code host} ({@code verify-full})
 * @param authMethods the login methods the gateway will answer for this target; not empty
 */
public record UpstreamEndpoint(
        String targetName, String host, int port, String database, SslContext tls, boolean verifyHost,
        Set<UpstreamAuthMethod> authMethods) {
    public UpstreamEndpoint {
        Objects.requireNonNull(targetName, "targetName");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        if (authMethods == null || authMethods.isEmpty()) {
            throw new IllegalArgumentException("target " + targetName + " must allow at least one login method");
        }
        // An EnumSet keeps declaration order, so messages list the methods the same way every time.
        authMethods = Collections.unmodifiableSet(EnumSet.copyOf(authMethods));
    }
}
