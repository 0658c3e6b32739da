package io.hoopgw.jdbc.testing;

import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A GitHub Actions OIDC token endpoint on 127.0.0.1, answering as the real one does: it requires
 * {@code Authorization: Bearer <request token>} and an {@code api-version} in the query, and returns
 * {@code {"count": ..., "value": "<jwt>"}} whose {@code aud} is the requested {@code audience} (the repository
 * owner's URL when none is given). Each request gets a freshly minted token.
 */
public final class ActionsTokenServer implements AutoCloseable {
    /** The variable value a job sees: the endpoint with its api-version already in the query. */
    private static final String PATH = "/_apis/pipelines/workflows/1/idtoken";
    /** The audience GitHub puts in a token when the request names none. */
    private static final String DEFAULT_AUDIENCE = "https://github.com/octo";

    private final HttpServer server;
    private final String requestToken;
    private final Function<String, String> tokenForAudience;
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private volatile String body;

    /**
     * An endpoint whose tokens are signed by {@link TestJwts} and expire {@code lifetime} after {@code clock}'s
     * now: for tests of the driver alone, where no gateway checks the signature.
     */
    public ActionsTokenServer(String requestToken, Clock clock, Duration lifetime) throws IOException {
        this(requestToken, audience -> TestJwts.sign(new JWTClaimsSet.Builder()
                .issuer("https://token.actions.githubusercontent.com")
                .subject("repo:octo/app:ref:refs/heads/main")
                .audience(audience)
                .issueTime(Date.from(clock.instant()))
                .expirationTime(Date.from(clock.instant().plus(lifetime)))
                .build()));
    }

    /**
     * An endpoint that answers each authorized request with {@code tokenForAudience} applied to the requested
     * audience: for tests through a gateway, which must trust the token's issuer.
     */
    public ActionsTokenServer(String requestToken, Function<String, String> tokenForAudience) throws IOException {
        this.requestToken = requestToken;
        this.tokenForAudience = tokenForAudience;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PATH, this::handle);
        server.start();
    }

    /** The value of {@code ACTIONS_ID_TOKEN_REQUEST_URL}. */
    public String requestUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH + "?api-version=2.0";
    }

    /** The query parameters of each authorized request so far. */
    public List<Map<String, String>> requests() {
        return List.copyOf(requests);
    }

    /** Answers every later request with {@code body} instead of a token. */
    public void answerWith(String body) {
        this.body = body;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "{\"message\":\"method not allowed\"}");
                return;
            }
            if (!("Bearer " + requestToken).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, "{\"message\":\"Bad credentials\"}");
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if (!query.containsKey("api-version")) {
                respond(exchange, 400, "{\"message\":\"api-version is required\"}");
                return;
            }
            requests.add(query);
            if (body != null) {
                respond(exchange, 200, body);
                return;
            }
            String token = tokenForAudience.apply(query.getOrDefault("audience", DEFAULT_AUDIENCE));
            respond(exchange, 200, "{\"count\":" + token.length() + ",\"value\":\"" + token + "\"}");
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                query.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
