package io.hoopgw.jdbc.it;

import static io.hoopgw.jdbc.it.Gateways.driver;
import static io.hoopgw.jdbc.it.Gateways.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.jdbc.Driver;
import io.hoopgw.jdbc.testing.Props;
import io.hoopgw.jdbc.token.TokenException;
import io.hoopgw.server.testing.GatewayHarness;
import io.hoopgw.server.testing.TokenForge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Tokens the gateway refuses, and no token at all: an {@link SQLException} with SQLSTATE {@code 28P01} whose
 * message says which provider supplied the token, or which providers were tried; never the token itself.
 */
class LoginFailuresIT {
    static GatewayHarness harness;
    static TokenForge forge;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
        forge = new TokenForge(harness.identityProvider(), "mallory@example.com", List.of("writers"));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    static Stream<Arguments> forgeries() {
        return Stream.<Map.Entry<String, Function<TokenForge, String>>>of(
                        Map.entry("bad signature", TokenForge::badSignature),
                        Map.entry("wrong audience", TokenForge::wrongAudience),
                        Map.entry("wrong issuer", TokenForge::wrongIssuer),
                        Map.entry("unknown key", TokenForge::unknownKid),
                        Map.entry("not a JWT", TokenForge::garbage))
                .map(entry -> Arguments.of(entry.getKey(), entry.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void refusedTokenFromTheTokenPropertyIs28P01NamingTheProvider(String name, Function<TokenForge, String> forgery) {
        String token = forgery.apply(forge);
        Driver driver = driver(Map.of(), dir);

        assertRefused(() -> driver.connect(url(harness), Props.of("user", harness.writerRole(), "token", token)),
                token, "the token property");
    }

    @Test
    void refusedTokenFromHoopgwTokenNamesTheVariable() {
        String token = forge.badSignature();
        Driver driver = driver(Map.of("HOOPGW_TOKEN", token), dir);

        assertRefused(() -> driver.connect(url(harness), Props.of("user", harness.writerRole())),
                token, "HOOPGW_TOKEN");
    }

    @Test
    void refusedTokenFromAFileNamesTheFile() throws Exception {
        String token = forge.wrongAudience();
        Path file = Files.writeString(dir.resolve("token"), token);
        Driver driver = driver(Map.of(), dir);

        assertRefused(() -> driver.connect(url(harness),
                Props.of("user", harness.writerRole(), "tokenFile", file.toString())), token, "tokenFile " + file);
    }

    @Test
    void refusedTokenFromACommandNamesTheProvider() throws Exception {
        String token = forge.unknownKid();
        Path file = Files.writeString(dir.resolve("token"), token);
        Driver driver = driver(Map.of(), dir);

        assertRefused(() -> driver.connect(url(harness),
                Props.of("user", harness.writerRole(), "tokenCommand", "cat '" + file + "'")), token, "tokenCommand");
    }

    @Test
    void refusedTokenThroughDriverManagerIs28P01Too() {
        String token = forge.badSignature();
        Properties info = Props.of("user", harness.writerRole(), "token", token);

        assertRefused(() -> DriverManager.getConnection(url(harness), info), token, "the token property");
    }

    @Test
    void expiredTokenIsRefusedByTheDriverBeforeTheGatewaySeesIt() {
        String token = forge.expired();
        Driver driver = driver(Map.of(), dir);

        assertThatThrownBy(() -> driver.connect(url(harness), Props.of("user", harness.writerRole(), "token", token)))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28P01");
                    assertThat(e.getMessage()).startsWith("the token property: the token expired at ")
                            .endsWith("and the token provider cannot refresh it")
                            .doesNotContain(token);
                    // The driver's own refusal, not the gateway's: the token was not sent.
                    assertThat(e.getCause()).isInstanceOf(TokenException.class);
                });
    }

    @Test
    void missingTokenIs28P01NamingEveryProviderTried() {
        Driver driver = driver(Map.of(), dir.resolve("home"));

        assertThatThrownBy(() -> driver.connect(url(harness), Props.of("user", harness.writerRole())))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28P01");
                    assertThat(e.getMessage()).startsWith("No token to present to the gateway. Tried, in order: ")
                            .contains("token: the token property is not set",
                                    "env: HOOPGW_TOKEN is not set",
                                    "tokenFile: the tokenFile property is not set",
                                    "tokenCommand: the tokenCommand property is not set",
                                    "githubActions: ACTIONS_ID_TOKEN_REQUEST_URL is not set",
                                    "login: " + dir.resolve("home/.config/hoopgw/token") + ": file not found");
                });
    }

    @Test
    void missingTokenFileOfTheSelectedProviderIs28P01NamingIt() {
        Path missing = dir.resolve("no-such-token");
        Driver driver = driver(Map.of(), dir);

        assertThatThrownBy(() -> driver.connect(url(harness), Props.of("user", harness.writerRole(),
                "tokenProvider", "tokenFile", "tokenFile", missing.toString())))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28P01");
                    assertThat(e.getMessage()).isEqualTo("tokenFile " + missing + ": file not found");
                });
    }

    /**
     * The gateway's FATAL ErrorResponse reached the PostgreSQL driver as 28P01, and the driver's own exception keeps
     * that SQLSTATE, adds the provider, and keeps the server's error as its cause.
     */
    private void assertRefused(ThrowingConnect connect, String token, String source) {
        long upstreamAttempts = harness.gateway().upstreamConnectAttempts();

        assertThatThrownBy(connect::run).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("28P01");
            // The PostgreSQL driver's rendering of the gateway's ErrorResponse: severity, then the message.
            assertThat(e.getMessage()).startsWith("FATAL: hoopgw: token rejected: ")
                    .contains("(the token came from " + source)
                    .doesNotContain(token);
            assertThat(e.getCause()).isInstanceOfSatisfying(PSQLException.class, server -> {
                assertThat(server.getSQLState()).isEqualTo("28P01");
                ServerErrorMessage error = server.getServerErrorMessage();
                assertThat(error).isNotNull();
                assertThat(error.getSeverity()).isEqualTo("FATAL");
                assertThat(error.getSQLState()).isEqualTo("28P01");
            });
        });
        assertThat(harness.gateway().upstreamConnectAttempts()).isEqualTo(upstreamAttempts);
    }

    @FunctionalInterface
    private interface ThrowingConnect {
        void run() throws Exception;
    }
}
