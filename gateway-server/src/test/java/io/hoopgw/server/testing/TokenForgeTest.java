package io.hoopgw.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import io.hoopgw.core.auth.OidcTokenVerifier;
import io.hoopgw.core.auth.TokenRejectedException;
import io.hoopgw.core.auth.TokenRejectedException.FailedCheck;
import io.hoopgw.server.devidp.DevIdentityProvider;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every forged token is rejected by a verifier trusting the dev identity provider, for the intended reason. */
class TokenForgeTest {
    private static DevIdentityProvider es256;
    private static DevIdentityProvider rs256;

    @BeforeAll
    static void startProviders() throws Exception {
        es256 = DevIdentityProvider.start();
        rs256 = DevIdentityProvider.builder().algorithm(JWSAlgorithm.RS256).start();
    }

    @AfterAll
    static void stopProviders() {
        es256.close();
        rs256.close();
    }

    static Stream<Arguments> forgeries() {
        List<Arguments> cases = List.of(
                Arguments.of("expired", (Function<TokenForge, String>) TokenForge::expired, FailedCheck.EXPIRED),
                Arguments.of("not yet valid", (Function<TokenForge, String>) TokenForge::notYetValid,
                        FailedCheck.NOT_YET_VALID),
                Arguments.of("issued in the future", (Function<TokenForge, String>) TokenForge::issuedInTheFuture,
                        FailedCheck.NOT_YET_VALID),
                Arguments.of("wrong issuer", (Function<TokenForge, String>) TokenForge::wrongIssuer,
                        FailedCheck.ISSUER),
                Arguments.of("wrong audience", (Function<TokenForge, String>) TokenForge::wrongAudience,
                        FailedCheck.AUDIENCE),
                Arguments.of("bad signature", (Function<TokenForge, String>) TokenForge::badSignature,
                        FailedCheck.SIGNATURE),
                Arguments.of("unknown kid", (Function<TokenForge, String>) TokenForge::unknownKid,
                        FailedCheck.UNKNOWN_KEY),
                Arguments.of("alg none", (Function<TokenForge, String>) TokenForge::algNone, FailedCheck.ALGORITHM),
                Arguments.of("HS256 with the public key", (Function<TokenForge, String>) TokenForge::hs256WithPublicKey,
                        FailedCheck.ALGORITHM),
                Arguments.of("missing groups", (Function<TokenForge, String>) TokenForge::missingGroups,
                        FailedCheck.MISSING_CLAIM),
                Arguments.of("garbage", (Function<TokenForge, String>) TokenForge::garbage, FailedCheck.MALFORMED));
        return Stream.of("ES256", "RS256").flatMap(alg -> cases.stream().map(c -> Arguments.of(
                alg + ": " + c.get()[0], alg, c.get()[1], c.get()[2])));
    }

    private static DevIdentityProvider provider(String algorithm) {
        return algorithm.equals("ES256") ? es256 : rs256;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgeries")
    void forgedTokenIsRejectedForTheIntendedReason(String name, String algorithm, Function<TokenForge, String> forge,
            FailedCheck expected) {
        DevIdentityProvider idp = provider(algorithm);
        OidcTokenVerifier verifier = OidcTokenVerifier.builder(List.of(idp.trustedIssuer())).build();
        String token = forge.apply(new TokenForge(idp));

        TokenRejectedException rejection =
                catchThrowableOfType(TokenRejectedException.class, () -> verifier.verify(token));

        assertThat(rejection).as(name).isNotNull();
        assertThat(rejection.check()).as(rejection.getMessage()).isEqualTo(expected);
        assertThat(rejection.getMessage()).doesNotContain(token);
    }

    @Test
    void theForgesGenuineTokenIsAccepted() throws Exception {
        OidcTokenVerifier verifier = OidcTokenVerifier.builder(List.of(es256.trustedIssuer())).build();

        assertThat(verifier.verify(new TokenForge(es256, "dana", List.of("dba")).valid()).groups())
                .containsExactly("dba");
    }
}
