package io.hoopgw.core.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real identity-provider key endpoint on 127.0.0.1 for tests: serves a JWKS at {@value #JWKS_PATH} and an OIDC
 * discovery document pointing at it, counts requests per path, and can be told to fail or stall.
 */
final class JwksServer implements AutoCloseable {
    static final String JWKS_PATH = "/jwks.json";

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile String jwksJson = new JWKSet().toString();
    private volatile String discoveryIssuer;
    private volatile int status = 200;
    private volatile boolean stall;

    JwksServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
        discoveryIssuer = issuer();
    }

    /** Starts a server publishing {@code keys} (public parts only). */
    static JwksServer publishing(JWK... keys) {
        JwksServer server = new JwksServer();
        server.publish(keys);
        return server;
    }

    /** The issuer URL whose discovery document this server serves. */
    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    URI jwksUri() {
        return URI.create(issuer() + JWKS_PATH);
    }

    /** Replaces the published key set. */
    void publish(JWK... keys) {
        jwksJson = new JWKSet(List.of(keys)).toPublicJWKSet().toString();
    }

    /** Serves {@code json} verbatim as the JWKS. */
    void publishRaw(String json) {
        jwksJson = json;
    }

    /** Makes the discovery document name a different issuer. */
    void discoveryNamesIssuer(String issuer) {
        discoveryIssuer = issuer;
    }

    /** Answers every request with this HTTP status (200 restores normal service). */
    void respondWith(int status) {
        this.status = status;
    }

    /** Holds every request without answering until {@link #close}. */
    void stall() {
        stall = true;
    }

    int jwksRequests() {
        return count(JWKS_PATH);
    }

    int discoveryRequests() {
        return count(JwksFetcher.DISCOVERY_PATH);
    }

    private int count(String path) {
        AtomicInteger counter = requests.get(path);
        return counter == null ? 0 : counter.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            if (stall) {
                released.await();
                return;
            }
            String body;
            if (path.equals(JWKS_PATH)) {
                body = jwksJson;
            } else if (path.equals(JwksFetcher.DISCOVERY_PATH)) {
                body = JSONObjectUtils.toJSONString(Map.of(
                        "issuer", discoveryIssuer,
                        "jwks_uri", jwksUri().toString(),
                        "id_token_signing_alg_values_supported", List.of("RS256", "ES256", "EdDSA")));
            } else {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
