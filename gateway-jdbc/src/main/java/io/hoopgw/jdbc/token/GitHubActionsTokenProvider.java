package io.hoopgw.jdbc.token;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A GitHub Actions OIDC token, requested the way {@code core.getIDToken()} in actions/toolkit does: a GET to
 * {@code $ACTIONS_ID_TOKEN_REQUEST_URL&audience=<githubAudience>} with {@code Authorization: Bearer
 * $ACTIONS_ID_TOKEN_REQUEST_TOKEN}, answered with {@code {"value": "<jwt>"}}. GitHub sets both variables only in
 * jobs granted {@code permissions: id-token: write}. The token is reused until its {@code exp} minus a margin.
 */
final class GitHubActionsTokenProvider implements TokenProvider {
    static final String NAME = "githubActions";
    static final String REQUEST_URL = "ACTIONS_ID_TOKEN_REQUEST_URL";
    static final String REQUEST_TOKEN = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final TokenCache cache;
    private volatile HttpClient client;

    GitHubActionsTokenProvider(TokenCache cache) {
        this.cache = cache;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TokenLookup lookup(TokenContext context) throws TokenException {
        Optional<String> url = context.environment().variable(REQUEST_URL);
        Optional<String> requestToken = context.environment().variable(REQUEST_TOKEN);
        if (url.isEmpty() || requestToken.isEmpty()) {
            return TokenLookup.absent((url.isEmpty() ? REQUEST_URL : REQUEST_TOKEN)
                    + " is not set (not a GitHub Actions job with permissions id-token: write)");
        }
        String audience = context.propertyOrDefault(TokenProperty.GITHUB_AUDIENCE);
        URI uri = requestUri(url.get(), audience);
        String label = "GitHub Actions OIDC (audience " + audience + ")";
        // The request token is part of the key: a new job run must not reuse the previous run's identity token.
        String key = uri + "\n" + requestToken.get();
        Token token = cache.get(key, context.clock(), () -> fetch(uri, requestToken.get(), label, context));
        return TokenLookup.found(token);
    }

    private static URI requestUri(String url, String audience) throws TokenException {
        String separator = url.contains("?") ? "&" : "?";
        try {
            return URI.create(url + separator + "audience=" + URLEncoder.encode(audience, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new TokenException(NAME + ": " + REQUEST_URL + " is not a valid URL", e);
        }
    }

    private Token fetch(URI uri, String requestToken, String label, TokenContext context) throws TokenException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + requestToken)
                .header("Accept", "application/json")
                .header("User-Agent", "hoopgw-jdbc")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TokenException(NAME + ": request to " + endpoint(uri) + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenException(NAME + ": interrupted while requesting a token", e);
        }
        if (response.statusCode() != 200) {
            throw new TokenException(NAME + ": " + endpoint(uri) + " answered HTTP " + response.statusCode());
        }
        Token token = Token.of(value(response.body()), label);
        if (token.isExpiredAt(context.clock().instant())) {
            throw new TokenException(NAME + ": GitHub issued a token that expired at "
                    + token.expiresAt().orElseThrow() + "; check this machine's clock");
        }
        return token;
    }

    private static String value(String body) throws TokenException {
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            throw new TokenException(NAME + ": the response is not a JSON object", e);
        }
        Object value = json.get("value");
        if (!(value instanceof String text) || text.isBlank()) {
            throw new TokenException(NAME + ": the response has no \"value\" string");
        }
        return text.trim();
    }

    /** The endpoint without its query, which is all a message needs. */
    private static String endpoint(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }

    private HttpClient client() {
        HttpClient current = client;
        if (current == null) {
            synchronized (this) {
                current = client;
                if (current == null) {
                    current = HttpClient.newBuilder()
                            .connectTimeout(TIMEOUT)
                            .followRedirects(HttpClient.Redirect.NORMAL)
                            .build();
                    client = current;
                }
            }
        }
        return current;
    }
}
