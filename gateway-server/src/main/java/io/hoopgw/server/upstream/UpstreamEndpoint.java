package io.hoopgw.server.upstream;

import io.netty.handler.ssl.SslContext;
import java.util.Objects;

/**
 * Where and how the gateway reaches one target's PostgreSQL.
 *
 * @param targetName the target's name in the configuration, for messages
 * @param host       upstream host
 * @param port       upstream port
 * @param database   upstream database name
 * @param tls        null for {@code disable}; otherwise the client context for {@code require} or {@code verify-full}
 * @param verifyHost whether the server certificate must name {@code host} ({@code verify-full})
 */
public record UpstreamEndpoint(
        String targetName, String host, int port, String database, SslContext tls, boolean verifyHost) {
    public UpstreamEndpoint {
        Objects.requireNonNull(targetName, "targetName");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
    }
}
