package io.hoopgw.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Configuration checks on trusted issuers and on the verifier built from them. */
class TrustedIssuerTest {
    private static final URI JWKS = URI.create("https://idp.example/jwks");

    private static TrustedIssuer issuer(String name, Set<String> algorithms) {
        return new TrustedIssuer(name, "hoopgw", JWKS, null, "groups", null, algorithms, null);
    }

    @Test
    void defaultsAlgorithmsAndClockSkew() {
        TrustedIssuer issuer = issuer("https://idp.example", null);

        assertThat(issuer.allowedAlgorithms()).isEqualTo(TrustedIssuer.DEFAULT_ALGORITHMS);
        assertThat(issuer.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(issuer.claimMappings()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "hs512", "none", "NONE"})
    void refusesSymmetricAndUnsignedAlgorithms(String algorithm) {
        assertThatThrownBy(() -> issuer("https://idp.example", Set.of("RS256", algorithm)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(algorithm);
    }

    @Test
    void verifierRefusesAlgorithmsItCannotCheck() {
        assertThatThrownBy(() -> OidcTokenVerifier.builder(List.of(issuer("https://idp.example", Set.of("ES256K")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ES256K");
    }

    @Test
    void verifierRefusesDuplicateAndMissingIssuers() {
        TrustedIssuer one = issuer("https://idp.example", null);

        assertThatThrownBy(() -> OidcTokenVerifier.builder(List.of(one, one)))
                .hasMessageContaining("configured twice");
        assertThatThrownBy(() -> OidcTokenVerifier.builder(List.of()))
                .hasMessageContaining("at least one");
    }

    @Test
    void verifierRefusesRefreshIntervalBeyondMaxAge() {
        OidcTokenVerifier.Builder builder = OidcTokenVerifier.builder(List.of(issuer("https://idp.example", null)))
                .keyRefreshInterval(Duration.ofHours(2));

        assertThatThrownBy(builder::build).hasMessageContaining("key max age");
    }

    @Test
    void computesDiscoveryUrlWithoutDoubleSlash() {
        assertThat(JwksFetcher.discoveryUri("https://idp.example/realms/main/"))
                .isEqualTo(URI.create("https://idp.example/realms/main/.well-known/openid-configuration"));
        assertThat(JwksFetcher.discoveryUri("https://idp.example"))
                .isEqualTo(URI.create("https://idp.example/.well-known/openid-configuration"));
    }
}
