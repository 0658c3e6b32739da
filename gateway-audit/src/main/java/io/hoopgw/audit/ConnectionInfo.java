package io.hoopgw.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a session comes from.
 *
 * @param clientAddress     the client's IP address, as text
 * @param clientPort        the client's TCP port
 * @param tlsVersion        the negotiated TLS protocol (for example {@code TLSv1.3}), or null for plaintext
 * @param startupParameters the StartupMessage parameters in the order sent ({@code user}, {@code database},
 *                          {@code application_name}, ...); copied
 */
public record ConnectionInfo(String clientAddress, int clientPort, String tlsVersion,
        Map<String, String> startupParameters) {
    /** Copies the parameters, keeping their order. */
    public ConnectionInfo {
        Objects.requireNonNull(clientAddress, "clientAddress");
        startupParameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(startupParameters));
    }
}
