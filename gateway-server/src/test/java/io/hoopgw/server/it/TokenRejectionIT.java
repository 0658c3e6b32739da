package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hoopgw.server.testing.GatewayHarness;
import io.hoopgw.server.testing.TokenForge;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a token can be wrong makes pgjdbc's login fail with 28P01, with a message that names the failed check and
 * never echoes the token, and without the gateway touching the upstream server.
 */
class TokenRejectionIT {
    private static GatewayHarness harness;
    private static TokenForge forge;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.start();
        forge = new TokenForge(harness.identityProvider(), "forged@example.com", java.util.List.of("writers"));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    static Stream<Arguments> forgeries() {
        return Stream.of(
                forgery("expired", TokenForge::expired, "token expired at"),
                forgery("not yet valid", TokenForge::notYetValid, "not valid before"),
                forgery("issued in the future", TokenForge::issuedInTheFuture, "issued in the future"),
                forgery("wrong issuer", TokenForge::wrongIssuer, "issuer"),
                forgery("wrong audience", TokenForge::wrongAudience, "audience"),
                forgery("bad signature", TokenForge::badSignature, "signature does not verify"),
                forgery("unknown kid", TokenForge::unknownKid, "no key with id"),
                forgery("alg none", TokenForge::algNone, "algorithm"),
                forgery("HS256 with the issuer's public key", TokenForge::hs256WithPublicKey, "algorithm"),
                forgery("missing groups claim", TokenForge::missingGroups, "groups"),
                forgery("garbage", TokenForge::garbage, "not a compact JWT"));
    }

    private static Arguments forgery(String name, Function<TokenForge, String> make, String namesCheck) {
        return Arguments.of(name, make, namesCheck);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void forgedTokenIsRefusedBeforeAnyUpstreamConnection(String name, Function<TokenForge, String> make,
            String namesCheck) throws SQLException {
        String token = make.apply(forge);

        SQLException refusal = refusedLogin(token);

        assertThat(refusal.getSQLState()).as(refusal.getMessage()).isEqualTo("28P01");
        assertThat(refusal.getMessage()).contains("hoopgw: token rejected").containsIgnoringCase(namesCheck)
                .doesNotContain(token);
        for (String segment : token.split("\\.")) {
            if (segment.length() >= 16) {
                assertThat(refusal.getMessage()).as("no part of the token is echoed").doesNotContain(segment);
            }
        }
    }

    @Test
    void emptyPasswordIsRefused() throws SQLException {
        SQLException refusal = refusedLogin("");

        assertThat(refusal.getSQLState()).as(refusal.getMessage()).isEqualTo("28P01");
        assertThat(refusal.getMessage()).contains("hoopgw: token rejected").contains("empty");
    }

    @Test
    void genuineTokenFromTheSameForgeLogsIn() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", harness.writerRole());
        properties.setProperty("password", forge.valid());
        try (var connection = DriverManager.getConnection(harness.jdbcUrl(), properties)) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    /** Logs in with {@code token} and returns the refusal, checking that no upstream connection was tried. */
    private static SQLException refusedLogin(String token) {
        long attemptsBefore = harness.gateway().upstreamConnectAttempts();
        Properties properties = new Properties();
        properties.setProperty("user", harness.writerRole());
        properties.setProperty("password", token);
        SQLException refusal = catchThrowableOfType(SQLException.class,
                () -> DriverManager.getConnection(harness.jdbcUrl(), properties).close());
        assertThat((Object) refusal).as("login with a bad token must fail").isNotNull();
        assertThat(harness.gateway().upstreamConnectAttempts()).as("upstream connect attempts")
                .isEqualTo(attemptsBefore);
        return refusal;
    }
}
