package io.hoopgw.server.devidp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.hoopgw.core.auth.Identity;
import io.hoopgw.core.auth.OidcTokenVerifier;
import io.hoopgw.core.auth.TrustedIssuer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The dev identity provider as a real HTTP issuer, checked with a real verifier and HTTP client. */
class DevIdentityProviderTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256", "RS256"})
    void mintsTokensTheGatewayVerifierAccepts(String algorithm) throws Exception {
        try (DevIdentityProvider idp = DevIdentityProvider.builder()
                .algorithm(JWSAlgorithm.parse(algorithm)).start()) {
            OidcTokenVerifier verifier = OidcTokenVerifier.builder(List.of(idp.trustedIssuer())).build();

            Identity identity = verifier.verify(idp.mint("alice", List.of("analysts", "dba"), Duration.ofMinutes(5)));

            assertThat(identity.subject()).isEqualTo("alice");
            assertThat(identity.issuer()).isEqualTo(idp.issuer());
            assertThat(identity.groups()).containsExactlyInAnyOrder("analysts", "dba");
            assertThat(idp.trustedIssuer().allowedAlgorithms()).containsExactly(algorithm);
        }
    }

    @Test
    void mintedTokenCarriesEveryStandardClaim() throws Exception {
        try (DevIdentityProvider idp = DevIdentityProvider.start()) {
            Instant before = Instant.now().minusSeconds(1);
            SignedJWT jwt = SignedJWT.parse(idp.mint("bob", List.of("oncall"), Duration.ofMinutes(10)));
            JWTClaimsSet claims = jwt.getJWTClaimsSet();

            assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
            assertThat(jwt.getHeader().getKeyID()).isEqualTo(idp.minter().publicKey().getKeyID());
            assertThat(jwt.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
            assertThat(claims.getIssuer()).isEqualTo(idp.issuer()).startsWith("http://127.0.0.1:");
            assertThat(claims.getAudience()).containsExactly(DevTokenMinter.DEFAULT_AUDIENCE);
            assertThat(claims.getSubject()).isEqualTo("bob");
            assertThat(claims.getStringListClaim("groups")).containsExactly("oncall");
            assertThat(claims.getIssueTime().toInstant()).isAfter(before);
            assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
            assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                    .isEqualTo(Duration.ofMinutes(10));
            assertThat(claims.getJWTID()).isNotBlank()
                    .isNotEqualTo(SignedJWT.parse(idp.mint("bob", List.of(), Duration.ofMinutes(1)))
                            .getJWTClaimsSet().getJWTID());
        }
    }

    @Test
    void servesDiscoveryAndAPublicOnlyJwks() throws Exception {
        try (DevIdentityProvider idp = DevIdentityProvider.builder().audience("warehouse").start()) {
            HttpResponse<String> discovery = get(URI.create(idp.issuer() + DevIdentityProvider.DISCOVERY_PATH));
            Map<String, Object> document = JSONObjectUtils.parse(discovery.body());
            HttpResponse<String> jwks = get(URI.create((String) document.get("jwks_uri")));
            JWKSet keys = JWKSet.parse(jwks.body());

            assertThat(discovery.statusCode()).isEqualTo(200);
            assertThat(discovery.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(document).containsEntry("issuer", idp.issuer())
                    .containsEntry("jwks_uri", idp.jwksUri().toString())
                    .containsEntry("id_token_signing_alg_values_supported", List.of("ES256"));
            assertThat(jwks.statusCode()).isEqualTo(200);
            assertThat(keys.getKeys()).hasSize(1);
            assertThat(keys.getKeys().get(0).isPrivate()).isFalse();
            assertThat(jwks.body()).doesNotContain("\"d\"");
            assertThat(idp.audience()).isEqualTo("warehouse");
        }
    }

    @Test
    void answersOtherPathsAndMethodsWithErrors() throws Exception {
        try (DevIdentityProvider idp = DevIdentityProvider.start()) {
            HttpResponse<String> missing = get(URI.create(idp.issuer() + "/authorize"));
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(idp.jwksUri())
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        }
    }

    @Test
    void listensOnAGivenLoopbackPortAndStopsOnClose() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        URI jwks;
        try (DevIdentityProvider idp = DevIdentityProvider.builder().port(port).start()) {
            jwks = idp.jwksUri();
            assertThat(idp.port()).isEqualTo(port);
            assertThat(idp.issuer()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(get(jwks).statusCode()).isEqualTo(200);
        }

        assertThatThrownBy(() -> get(jwks)).isInstanceOf(ConnectException.class);
    }

    @Test
    void refusesKeysAndArgumentsItCannotUse() throws Exception {
        assertThatThrownBy(() -> DevIdentityProvider.builder().algorithm(JWSAlgorithm.EdDSA).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ES256 or RS256");
        assertThatThrownBy(() -> DevIdentityProvider.builder()
                .signingKey(DevTokenMinter.generateKey(JWSAlgorithm.ES256).toPublicJWK()).start())
                .hasMessageContaining("private part");
        try (DevIdentityProvider idp = DevIdentityProvider.start()) {
            assertThatThrownBy(() -> idp.mint("alice", List.of(), Duration.ZERO))
                    .hasMessageContaining("lifetime must be positive");
            assertThatThrownBy(() -> idp.mint(" ", List.of(), Duration.ofMinutes(1)))
                    .hasMessageContaining("subject");
        }
    }

    @Test
    void trustedIssuerUsesDiscoveryAndTheGroupsClaim() throws Exception {
        try (DevIdentityProvider idp = DevIdentityProvider.start()) {
            TrustedIssuer trusted = idp.trustedIssuer();

            assertThat(trusted.issuer()).isEqualTo(idp.issuer());
            assertThat(trusted.audience()).isEqualTo(DevTokenMinter.DEFAULT_AUDIENCE);
            assertThat(trusted.jwksUri()).isNull();
            assertThat(trusted.jwksFile()).isNull();
            assertThat(trusted.groupsClaim()).isEqualTo("groups");
            assertThat(trusted.allowedAlgorithms()).isEqualTo(Set.of("ES256"));
        }
    }
}
