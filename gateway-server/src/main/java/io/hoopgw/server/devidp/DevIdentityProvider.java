package io.hoopgw.server.devidp;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hoopgw.core.auth.TrustedIssuer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A tiny OpenID Connect issuer on 127.0.0.1 for {@code hoopgw demo}, {@code hoopgw token} and integration tests:
 * a real HTTP server publishing an OIDC discovery document at {@value #DISCOVERY_PATH} and its JWKS at
 * {@value #JWKS_PATH}, and minting tokens signed with its one key.
 *
 * <p>It has no login flow; whoever holds it (or its {@linkplain Builder#stateFile state file}) mints any identity.
 * Never expose it beyond loopback. Thread-safe; {@link #close()} stops the server.
 */
public final class DevIdentityProvider implements AutoCloseable {
    /** Where the discovery document is served. */
    public static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
    /** Where the JWKS is served. */
    public static final String JWKS_PATH = "/jwks.json";

    private final HttpServer server;
    private final DevTokenMinter minter;
    private final byte[] discoveryJson;
    private final byte[] jwksJson;

    private DevIdentityProvider(HttpServer server, DevTokenMinter minter) {
        this.server = server;
        this.minter = minter;
        Map<String, Object> discovery = new LinkedHashMap<>();
        discovery.put("issuer", minter.issuer());
        discovery.put("jwks_uri", jwksUri().toString());
        discovery.put("response_types_supported", List.of("id_token"));
        discovery.put("subject_types_supported", List.of("public"));
        discovery.put("id_token_signing_alg_values_supported", List.of(minter.algorithm().getName()));
        discovery.put("claims_supported", List.of("iss", "aud", "sub", DevTokenMinter.GROUPS_CLAIM, "iat", "nbf",
                "exp", "jti"));
        this.discoveryJson = JSONObjectUtils.toJSONString(discovery).getBytes(StandardCharsets.UTF_8);
        this.jwksJson = minter.publicJwks().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Starts a provider on an ephemeral port with a fresh ES256 key and the default audience. */
    public static DevIdentityProvider start() throws IOException {
        return builder().start();
    }

    /** Options for starting a provider. */
    public static Builder builder() {
        return new Builder();
    }

    /** The issuer URL, {@code http://127.0.0.1:PORT}. */
    public String issuer() {
        return minter.issuer();
    }

    /** The audience its tokens carry. */
    public String audience() {
        return minter.audience();
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The URL of its JWKS. */
    public URI jwksUri() {
        return URI.create(issuer() + JWKS_PATH);
    }

    /** See {@link DevTokenMinter#mint}. */
    public String mint(String subject, Collection<String> groups, Duration lifetime) {
        return minter.mint(subject, groups, lifetime);
    }

    /** The minter behind this provider, for custom claims ({@link DevTokenMinter#sign}) or its public key. */
    public DevTokenMinter minter() {
        return minter;
    }

    /**
     * How a gateway should trust this provider: keys through OIDC discovery, groups from {@code groups}, only its
     * own signing algorithm allowed.
     */
    public TrustedIssuer trustedIssuer() {
        return new TrustedIssuer(issuer(), audience(), null, null, DevTokenMinter.GROUPS_CLAIM, List.of(),
                Set.of(minter.algorithm().getName()), null);
    }

    /** Stops the server at once. Idempotent. */
    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            byte[] body = switch (exchange.getRequestURI().getPath()) {
                case DISCOVERY_PATH -> discoveryJson;
                case JWKS_PATH -> jwksJson;
                default -> null;
            };
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                if (method.equals("HEAD")) {
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        }
    }

    /**
     * Starts a {@link DevIdentityProvider}. Defaults: ephemeral port, audience {@value DevTokenMinter#DEFAULT_AUDIENCE},
     * a freshly generated ES256 key, no state file.
     */
    public static final class Builder {
        private int port;
        private String audience = DevTokenMinter.DEFAULT_AUDIENCE;
        private JWSAlgorithm algorithm = JWSAlgorithm.ES256;
        private JWK signingKey;
        private Path stateFile;

        private Builder() {
        }

        /** The loopback port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
            }
            this.port = port;
            return this;
        }

        /** The audience its tokens carry. */
        public Builder audience(String audience) {
            this.audience = Objects.requireNonNull(audience, "audience");
            return this;
        }

        /** The algorithm of a generated key: {@code ES256} (default) or {@code RS256}. */
        public Builder algorithm(JWSAlgorithm algorithm) {
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
            return this;
        }

        /** Signs with this private key (EC P-256 or RSA, with a kid) instead of generating one. */
        public Builder signingKey(JWK signingKey) {
            this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
            return this;
        }

        /**
         * Keeps the provider's state in {@code file}: when the file exists its signing key is reused (so tokens
         * minted before a restart on the same port stay valid); once started, the provider writes its issuer,
         * audience and key there for {@link DevTokenMinter#load}.
         */
        public Builder stateFile(Path file) {
            this.stateFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Binds 127.0.0.1, starts serving, and writes the state file if one was given. */
        public DevIdentityProvider start() throws IOException {
            JWK key = signingKey;
            if (key == null && stateFile != null && Files.exists(stateFile)) {
                key = DevIdpState.read(stateFile).signingKey();
            }
            if (key == null) {
                key = DevTokenMinter.generateKey(algorithm);
            }
            // Validate the key before binding, so a bad one leaves no server behind.
            DevTokenMinter unbound = new DevTokenMinter("http://127.0.0.1", audience, key);
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            DevIdentityProvider provider = new DevIdentityProvider(server,
                    unbound.withIssuer("http://127.0.0.1:" + server.getAddress().getPort()));
            server.createContext("/", provider::handle);
            server.start();
            if (stateFile != null) {
                try {
                    provider.minter.save(stateFile);
                } catch (IOException | RuntimeException e) {
                    provider.close();
                    throw e;
                }
            }
            return provider;
        }
    }
}
