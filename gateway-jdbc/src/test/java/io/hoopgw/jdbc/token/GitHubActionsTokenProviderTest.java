package io.hoopgw.jdbc.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTParser;
import io.hoopgw.jdbc.testing.ActionsTokenServer;
import io.hoopgw.jdbc.testing.MutableClock;
import io.hoopgw.jdbc.testing.Props;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests tokens from a real HTTP endpoint on 127.0.0.1 that answers like GitHub's. */
class GitHubActionsTokenProviderTest {
    private static final String REQUEST_TOKEN = "ghs_request-token-for-this-job";

    @TempDir
    Path home;

    private final MutableClock clock = new MutableClock();
    private ActionsTokenServer server;
    private TokenResolver resolver;

    @BeforeEach
    void start() throws Exception {
        server = new ActionsTokenServer(REQUEST_TOKEN, clock, Duration.ofMinutes(5));
        resolver = resolverWith(REQUEST_TOKEN);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TokenResolver resolverWith(String requestToken) {
        return new TokenResolver(Environment.of(Map.of(
                "ACTIONS_ID_TOKEN_REQUEST_URL", server.requestUrl(),
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN", requestToken), home), clock);
    }

    private static List<String> audienceOf(Token token) throws Exception {
        return JWTParser.parse(token.value()).getJWTClaimsSet().getAudience();
    }

    @Test
    void requestsATokenForTheDefaultAudienceHoopgw() throws Exception {
        Token token = resolver.resolve(new Properties());

        assertThat(audienceOf(token)).containsExactly("hoopgw");
        assertThat(token.source()).isEqualTo("GitHub Actions OIDC (audience hoopgw)");
        assertThat(token.expiresAt()).contains(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(server.requests()).containsExactly(Map.of("api-version", "2.0", "audience", "hoopgw"));
    }

    @Test
    void requestsTheConfiguredAudience() throws Exception {
        Token token = resolver.resolve(Props.of("githubAudience", "https://db.example.com/gw"));

        assertThat(audienceOf(token)).containsExactly("https://db.example.com/gw");
        assertThat(server.requests().get(0)).containsEntry("audience", "https://db.example.com/gw");
    }

    @Test
    void reusesTheTokenUntilItsExpiryMinusTheMarginThenRequestsAnother() throws Exception {
        Token first = resolver.resolve(new Properties());
        clock.advance(Duration.ofSeconds(239));
        assertThat(resolver.resolve(new Properties()).value()).isEqualTo(first.value());
        assertThat(server.requests()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        Token second = resolver.resolve(new Properties());

        assertThat(second.value()).isNotEqualTo(first.value());
        assertThat(second.expiresAt()).contains(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void eachAudienceHasItsOwnCachedToken() throws Exception {
        resolver.resolve(Props.of("githubAudience", "a"));
        resolver.resolve(Props.of("githubAudience", "b"));
        resolver.resolve(Props.of("githubAudience", "a"));

        assertThat(server.requests()).extracting(query -> query.get("audience")).containsExactly("a", "b");
    }

    @Test
    void aRefusedRequestTokenIsAnErrorWithoutAnyToken() {
        String wrong = "ghs_wrong-request-token";

        assertThatThrownBy(() -> resolverWith(wrong).resolve(new Properties()))
                .isInstanceOf(TokenException.class)
                .hasMessageStartingWith("githubActions: " + server.requestUrl().replaceAll("\\?.*", "")
                        + " answered HTTP 401 (before it: ")
                .message().doesNotContain(wrong).doesNotContain(REQUEST_TOKEN);
    }

    @Test
    void aResponseWithoutValueIsAnError() {
        server.answerWith("{\"count\":0}");

        assertThatThrownBy(() -> resolver.resolve(Props.of("tokenProvider", "githubActions")))
                .hasMessage("githubActions: the response has no \"value\" string");
    }

    @Test
    void aResponseThatIsNotJsonIsAnError() {
        server.answerWith("<html>proxy error</html>");

        assertThatThrownBy(() -> resolver.resolve(Props.of("tokenProvider", "githubActions")))
                .hasMessage("githubActions: the response is not a JSON object");
    }

    @Test
    void anUnreachableEndpointIsAnError() {
        String url = server.requestUrl();
        server.close();
        TokenResolver unreachable = new TokenResolver(Environment.of(Map.of(
                "ACTIONS_ID_TOKEN_REQUEST_URL", url,
                "ACTIONS_ID_TOKEN_REQUEST_TOKEN", REQUEST_TOKEN), home), clock);

        assertThatThrownBy(() -> unreachable.resolve(Props.of("tokenProvider", "githubActions")))
                .hasMessageStartingWith("githubActions: request to " + url.replaceAll("\\?.*", "") + " failed: ");
    }

    @Test
    void outsideGitHubActionsTheProviderIsAbsent() {
        TokenResolver elsewhere = new TokenResolver(Environment.of(Map.of(), home), clock);

        assertThatThrownBy(() -> elsewhere.resolve(Props.of("tokenProvider", "githubActions")))
                .hasMessage("tokenProvider=githubActions is selected, but ACTIONS_ID_TOKEN_REQUEST_URL is not set "
                        + "(not a GitHub Actions job with permissions id-token: write)");
    }
}
