package io.hoopgw.jdbc.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.jdbc.testing.ActionsTokenServer;
import io.hoopgw.jdbc.testing.MutableClock;
import io.hoopgw.jdbc.testing.Props;
import io.hoopgw.jdbc.testing.TestJwts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenResolverTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private ActionsTokenServer github;
    private Path home;
    private Path tokenFile;
    private Map<String, String> variables;

    @BeforeEach
    void setUp() throws Exception {
        github = new ActionsTokenServer("request-token", clock, Duration.ofMinutes(5));
        home = Files.createDirectories(dir.resolve("home"));
        tokenFile = Files.writeString(dir.resolve("token-file"), "from-file");
        variables = new HashMap<>();
    }

    @AfterEach
    void tearDown() {
        github.close();
    }

    private TokenResolver resolver() {
        return new TokenResolver(Environment.of(variables, home), clock);
    }

    private void configureEveryProvider(Properties properties) throws Exception {
        properties.setProperty("token", "from-property");
        variables.put("HOOPGW_TOKEN", "from-env");
        properties.setProperty("tokenFile", tokenFile.toString());
        properties.setProperty("tokenCommand", "echo from-command");
        variables.put("ACTIONS_ID_TOKEN_REQUEST_URL", github.requestUrl());
        variables.put("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "request-token");
        Path login = home.resolve(".config/hoopgw/token");
        Files.createDirectories(login.getParent());
        Files.writeString(login, "from-login");
    }

    @Test
    void asksTheProvidersInTheDocumentedOrder() throws Exception {
        Properties properties = new Properties();
        configureEveryProvider(properties);

        assertThat(resolver().providerNames())
                .containsExactly("token", "env", "tokenFile", "tokenCommand", "githubActions", "login");
        assertThat(resolver().resolve(properties).value()).isEqualTo("from-property");
        properties.remove("token");
        assertThat(resolver().resolve(properties).value()).isEqualTo("from-env");
        variables.remove("HOOPGW_TOKEN");
        assertThat(resolver().resolve(properties).value()).isEqualTo("from-file");
        properties.remove("tokenFile");
        assertThat(resolver().resolve(properties).value()).isEqualTo("from-command");
        properties.remove("tokenCommand");
        assertThat(resolver().resolve(properties).source()).isEqualTo("GitHub Actions OIDC (audience hoopgw)");
        variables.remove("ACTIONS_ID_TOKEN_REQUEST_URL");
        assertThat(resolver().resolve(properties).value()).isEqualTo("from-login");
    }

    @Test
    void tokenProviderSelectsOneProviderAndSkipsTheOthers() throws Exception {
        Properties properties = new Properties();
        configureEveryProvider(properties);

        properties.setProperty("tokenProvider", "login");
        assertThat(resolver().resolve(properties).value()).isEqualTo("from-login");
        properties.setProperty("tokenProvider", "tokenCommand");
        assertThat(resolver().resolve(properties).value()).isEqualTo("from-command");
        properties.setProperty("tokenProvider", "env");
        assertThat(resolver().resolve(properties).value()).isEqualTo("from-env");
    }

    @Test
    void anUnknownProviderNameIsAnErrorListingTheNames() {
        assertThatThrownBy(() -> resolver().resolve(Props.of("tokenProvider", "vault")))
                .isInstanceOf(TokenException.class)
                .hasMessage("tokenProvider=vault is not a token provider; use one of "
                        + "token, env, tokenFile, tokenCommand, githubActions, login");
    }

    @Test
    void aSelectedProviderWithNothingConfiguredSaysWhatIsMissing() {
        assertThatThrownBy(() -> resolver().resolve(Props.of("tokenProvider", "tokenFile")))
                .hasMessage("tokenProvider=tokenFile is selected, but the tokenFile property is not set");
    }

    @Test
    void withNoTokenAnywhereTheErrorListsEveryProviderAndWhatItLacked() {
        assertThatThrownBy(() -> resolver().resolve(new Properties()))
                .isInstanceOf(TokenException.class)
                .hasMessage("No token to present to the gateway. Tried, in order: "
                        + "token: the token property is not set; "
                        + "env: HOOPGW_TOKEN is not set; "
                        + "tokenFile: the tokenFile property is not set; "
                        + "tokenCommand: the tokenCommand property is not set; "
                        + "githubActions: ACTIONS_ID_TOKEN_REQUEST_URL is not set "
                        + "(not a GitHub Actions job with permissions id-token: write); "
                        + "login: " + home.resolve(".config/hoopgw/token") + ": file not found (run hoopgw login). "
                        + "Set the token, tokenFile or tokenCommand property, set HOOPGW_TOKEN, or run hoopgw login.");
    }

    /** Falling through to the saved login could connect as someone else than the configured file says. */
    @Test
    void aConfiguredProviderThatFailsStopsTheSearch() throws Exception {
        Properties properties = new Properties();
        configureEveryProvider(properties);
        properties.remove("token");
        variables.remove("HOOPGW_TOKEN");
        properties.setProperty("tokenFile", dir.resolve("not-mounted").toString());

        assertThatThrownBy(() -> resolver().resolve(properties))
                .hasMessage("tokenFile " + dir.resolve("not-mounted") + ": file not found (before it: "
                        + "token: the token property is not set; env: HOOPGW_TOKEN is not set)");
    }

    @Test
    void anExpiredTokenThatCannotBeRefreshedIsAnErrorThatNeverShowsTheToken() {
        String expired = TestJwts.expiringAt("alice", clock.instant().minusSeconds(30));
        variables.put("HOOPGW_TOKEN", expired);

        assertThatThrownBy(() -> resolver().resolve(new Properties()))
                .hasMessage("HOOPGW_TOKEN: the token expired at " + clock.instant().minusSeconds(30)
                        + " and the env provider cannot refresh it")
                .message().doesNotContain(expired);
        assertThatThrownBy(() -> resolver().resolve(Props.of("token", expired)))
                .hasMessageStartingWith("the token property: the token expired at ")
                .message().doesNotContain(expired);
    }

    @Test
    void aLiteralTokenIsTrimmed() throws Exception {
        assertThat(resolver().resolve(Props.of("token", "  abc \n")).value()).isEqualTo("abc");
    }
}
