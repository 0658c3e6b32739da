package io.hoopgw.core.auth;

import static io.hoopgw.core.auth.Rejected.assertRejected;
import static io.hoopgw.core.auth.TestTokens.AUDIENCE;
import static io.hoopgw.core.auth.TestTokens.claims;
import static io.hoopgw.core.auth.TestTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.hoopgw.core.auth.TokenRejectedException.FailedCheck;
import io.hoopgw.core.auth.TrustedIssuer.ClaimMapping;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Verification of real signed tokens against a real JWKS endpoint on 127.0.0.1. */
class OidcTokenVerifierTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final RSAKey RSA = TestTokens.rsa("rsa-1");
    private static final ECKey EC = TestTokens.ec("ec-1");
    private static final OctetKeyPair ED = TestTokens.ed25519("ed-1");

    private JwksServer idp;
    private OidcTokenVerifier verifier;

    @BeforeEach
    void startIdentityProvider() {
        idp = JwksServer.publishing(RSA, EC, ED);
        verifier = verifier(issuer(idp, "groups"));
    }

    @AfterEach
    void stopIdentityProvider() {
        idp.close();
    }

    private static OidcTokenVerifier verifier(TrustedIssuer... issuers) {
        return OidcTokenVerifier.builder(List.of(issuers))
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .ticker(new ManualTicker())
                .build();
    }

    private static TrustedIssuer issuer(JwksServer server, String groupsClaim, ClaimMapping... mappings) {
        return new TrustedIssuer(server.issuer(), AUDIENCE, server.jwksUri(), null, groupsClaim, List.of(mappings),
                null, null);
    }

    private JWTClaimsSet.Builder valid() {
        return claims(idp.issuer(), NOW);
    }

    static Stream<JWK> signingKeys() {
        return Stream.of(RSA, EC, ED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signingKeys")
    void acceptsValidTokenAndReturnsItsIdentity(JWK key) throws Exception {
        JWTClaimsSet claims = valid().build();

        Identity identity = verifier.verify(sign(key, claims));

        assertThat(identity.subject()).isEqualTo("alice@example.com");
        assertThat(identity.issuer()).isEqualTo(idp.issuer());
        assertThat(identity.groups()).containsExactlyInAnyOrder("analysts", "oncall");
        assertThat(identity.tokenId()).isEqualTo(claims.getJWTID());
        assertThat(identity.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void acceptsRsaPssAndAudienceArrays() throws Exception {
        String token = sign(RSA, JWSAlgorithm.PS256, RSA.getKeyID(),
                valid().audience(List.of("some-api", AUDIENCE)).build());

        assertThat(verifier.verify(token).subject()).isEqualTo("alice@example.com");
    }

    @Test
    void rejectsExpiredTokenBeyondClockSkew() throws Exception {
        String expired = sign(EC, valid().issueTime(null).notBeforeTime(null)
                .expirationTime(Date.from(NOW.minusSeconds(31))).build());
        String withinSkew = sign(EC, valid().expirationTime(Date.from(NOW.minusSeconds(29))).build());

        TokenRejectedException rejection = assertRejected(verifier, expired, FailedCheck.EXPIRED);
        assertThat(rejection.getMessage()).contains(idp.issuer());
        assertThat(verifier.verify(withinSkew).subject()).isEqualTo("alice@example.com");
    }

    @Test
    void rejectsTokenNotValidYet() throws Exception {
        String early = sign(RSA, valid().notBeforeTime(Date.from(NOW.plusSeconds(60))).build());
        String withinSkew = sign(RSA, valid().notBeforeTime(Date.from(NOW.plusSeconds(20))).build());

        assertRejected(verifier, early, FailedCheck.NOT_YET_VALID);
        assertThat(verifier.verify(withinSkew).subject()).isEqualTo("alice@example.com");
    }

    @Test
    void rejectsTokenIssuedInTheFuture() {
        String token = sign(ED, valid().notBeforeTime(null).issueTime(Date.from(NOW.plusSeconds(120))).build());

        assertRejected(verifier, token, FailedCheck.NOT_YET_VALID);
    }

    @Test
    void rejectsUntrustedOrMissingIssuer() {
        String foreign = sign(RSA, valid().issuer("https://idp.attacker.example").build());
        String trailingSlash = sign(RSA, valid().issuer(idp.issuer() + "/").build());
        String none = sign(RSA, valid().issuer(null).build());

        assertThat(assertRejected(verifier, foreign, FailedCheck.ISSUER).getMessage())
                .contains("\"https://idp.attacker.example\" is not trusted");
        assertRejected(verifier, trailingSlash, FailedCheck.ISSUER);
        assertRejected(verifier, none, FailedCheck.ISSUER);
    }

    @Test
    void rejectsWrongOrMissingAudience() {
        String other = sign(EC, valid().audience("another-service").build());
        String none = sign(EC, valid().audience((String) null).build());

        assertRejected(verifier, other, FailedCheck.AUDIENCE);
        assertRejected(verifier, none, FailedCheck.AUDIENCE);
    }

    @Test
    void requiresSubjectAndExpiry() {
        assertRejected(verifier, sign(EC, valid().subject(null).build()), FailedCheck.MISSING_CLAIM);
        assertRejected(verifier, sign(EC, valid().subject(" ").build()), FailedCheck.MISSING_CLAIM);
        assertRejected(verifier, sign(EC, valid().expirationTime(null).build()), FailedCheck.MISSING_CLAIM);
    }

    static Stream<JWK> impostorKeys() {
        return Stream.of(TestTokens.rsa(RSA.getKeyID()), TestTokens.ec(EC.getKeyID()),
                TestTokens.ed25519(ED.getKeyID()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("impostorKeys")
    void rejectsSignatureByAnotherKeyUnderATrustedKid(JWK impostor) {
        String token = sign(impostor, valid().build());

        assertRejected(verifier, token, FailedCheck.SIGNATURE);
        assertThat(idp.jwksRequests()).isEqualTo(1);
    }

    @Test
    void rejectsTamperedPayload() {
        String[] parts = sign(EC, valid().build()).split("\\.");
        String escalated = Base64URL.encode(valid().claim("groups", List.of("admins")).build().toString())
                .toString();

        assertRejected(verifier, parts[0] + "." + escalated + "." + parts[2], FailedCheck.SIGNATURE);
    }

    @Test
    void rejectsUnsignedToken() {
        String token = new PlainJWT(valid().build()).serialize();

        assertRejected(verifier, token, FailedCheck.ALGORITHM);
    }

    @Test
    void rejectsHmacSignedWithTheIssuersPublicKey() throws Exception {
        // Algorithm confusion: a verifier that fed the RSA public key to HMAC would accept this.
        byte[] publicKeyDer = RSA.toRSAPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(publicKeyDer)
                + "\n-----END PUBLIC KEY-----\n";
        for (byte[] secret : List.of(publicKeyDer, pem.getBytes(StandardCharsets.US_ASCII))) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(RSA.getKeyID()).build(),
                    valid().build());
            jwt.sign(new MACSigner(secret));

            assertRejected(verifier, jwt.serialize(), FailedCheck.ALGORITHM);
        }
        assertThat(idp.jwksRequests()).isZero();
    }

    @Test
    void rejectsAlgorithmTheIssuerDoesNotAllow() {
        TrustedIssuer ecOnly = new TrustedIssuer(idp.issuer(), AUDIENCE, idp.jwksUri(), null, "groups", null,
                Set.of("ES256"), null);
        OidcTokenVerifier strict = verifier(ecOnly);

        assertRejected(strict, sign(RSA, valid().build()), FailedCheck.ALGORITHM);
        assertRejected(strict, sign(ED, valid().build()), FailedCheck.ALGORITHM);
        assertThat(assertRejected(strict, sign(RSA, JWSAlgorithm.PS256, RSA.getKeyID(), valid().build()),
                FailedCheck.ALGORITHM).getMessage()).contains("PS256 is not allowed");
    }

    @Test
    void rejectsKeyWhoseTypeDoesNotFitTheAlgorithm() {
        // ES256 under the RSA key's id: the key exists, so this is a mix-up and no re-fetch is made.
        String token = sign(EC, JWSAlgorithm.ES256, RSA.getKeyID(), valid().build());

        assertThat(assertRejected(verifier, token, FailedCheck.ALGORITHM).getMessage()).contains("RSA");
        assertThat(idp.jwksRequests()).isEqualTo(1);
    }

    @Test
    void rejectsEncryptedToken() throws JOSEException {
        EncryptedJWT jwt = new EncryptedJWT(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128GCM),
                valid().build());
        jwt.encrypt(new RSAEncrypter(RSA.toRSAPublicKey()));

        assertRejected(verifier, jwt.serialize(), FailedCheck.ALGORITHM);
    }

    static Stream<Arguments> garbage() {
        Random random = new Random(42);
        byte[] junk = new byte[10 * 1024];
        random.nextBytes(junk);
        String b64Junk = Base64.getUrlEncoder().withoutPadding().encodeToString(junk);
        String header = Base64URL.encode("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}").toString();
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("a.b.c", "a.b.c"),
                Arguments.of("dots only", ".."),
                Arguments.of("10 KB of random bytes", new String(junk, StandardCharsets.ISO_8859_1)),
                Arguments.of("10 KB of base64 in three parts",
                        b64Junk.substring(0, 3000) + "." + b64Junk.substring(3000, 9000) + "." + b64Junk.substring(9000)),
                Arguments.of("a password", "correct horse battery staple"),
                Arguments.of("header only", header),
                Arguments.of("payload not JSON", header + "." + Base64URL.encode("not json") + ".c2ln"),
                Arguments.of("payload a JSON array", header + "." + Base64URL.encode("[1,2]") + ".c2ln"),
                Arguments.of("exp not a number", header + "."
                        + Base64URL.encode("{\"iss\":\"x\",\"exp\":\"tomorrow\"}") + ".c2ln"),
                Arguments.of("too long", "a".repeat(OidcTokenVerifier.MAX_TOKEN_CHARS + 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void rejectsGarbageAsMalformed(String description, String token) {
        assertRejected(verifier, token, FailedCheck.MALFORMED);
        assertThat(idp.jwksRequests()).isZero();
    }

    @Test
    void rejectsNullAsMalformed() {
        assertRejected(verifier, null, FailedCheck.MALFORMED);
    }

    @Test
    void rejectsTokenWithoutGroupsClaim() {
        String token = sign(RSA, valid().claim("groups", null).build());

        assertThat(assertRejected(verifier, token, FailedCheck.MISSING_CLAIM).getMessage()).contains("groups");
    }

    @Test
    void rejectsGroupsClaimOfTheWrongType() {
        assertRejected(verifier, sign(RSA, valid().claim("groups", 7).build()), FailedCheck.MISSING_CLAIM);
        assertRejected(verifier, sign(RSA, valid().claim("groups", List.of("a", 1)).build()),
                FailedCheck.MISSING_CLAIM);
    }

    @Test
    void acceptsSingleStringAndEmptyGroups() throws Exception {
        assertThat(verifier.verify(sign(RSA, valid().claim("groups", "analysts").build())).groups())
                .containsExactly("analysts");
        assertThat(verifier.verify(sign(RSA, valid().claim("groups", List.of()).build())).groups()).isEmpty();
    }

    @Test
    void readsGroupsFromNestedPath() throws Exception {
        OidcTokenVerifier keycloak = verifier(issuer(idp, "realm_access.roles"));
        String token = sign(RSA, valid().claim("groups", null)
                .claim("realm_access", Map.of("roles", List.of("dba", "offline_access"))).build());

        assertThat(keycloak.verify(token).groups()).containsExactlyInAnyOrder("dba", "offline_access");
        assertRejected(keycloak, sign(RSA, valid().claim("realm_access", Map.of("other", 1)).build()),
                FailedCheck.MISSING_CLAIM);
        assertRejected(keycloak, sign(RSA, valid().claim("realm_access", "roles").build()),
                FailedCheck.MISSING_CLAIM);
    }

    @Test
    void readsGroupsFromColonNamedClaim() throws Exception {
        OidcTokenVerifier cognito = verifier(issuer(idp, "cognito:groups"));
        String token = sign(EC, valid().claim("groups", null)
                .claim("cognito:groups", List.of("eu-west-1_readers")).build());

        assertThat(cognito.verify(token).groups()).containsExactly("eu-west-1_readers");
    }

    @Test
    void readsGroupsFromNamespacedClaimContainingDots() throws Exception {
        OidcTokenVerifier auth0 = verifier(issuer(idp, "https://hoopgw.example.com/roles"));
        String token = sign(EC, valid().claim("https://hoopgw.example.com/roles", List.of("support")).build());

        assertThat(auth0.verify(token).groups()).containsExactly("support");
    }

    @Test
    void mapsGitHubActionsClaimsToGroups() throws Exception {
        OidcTokenVerifier actions = verifier(issuer(idp, null,
                new ClaimMapping("repository", "acme/api", "api-readers"),
                new ClaimMapping("job_workflow_ref", "acme/ci/.github/workflows/deploy.yml@*", "ci-deployers")));

        Identity deploy = actions.verify(sign(RSA, gitHubActionsClaims("acme/api",
                "acme/ci/.github/workflows/deploy.yml@refs/heads/main")));
        Identity otherRepo = actions.verify(sign(RSA, gitHubActionsClaims("acme/web",
                "acme/ci/.github/workflows/test.yml@refs/heads/main")));

        assertThat(deploy.subject()).isEqualTo("repo:acme/api:ref:refs/heads/main");
        assertThat(deploy.groups()).containsExactlyInAnyOrder("api-readers", "ci-deployers");
        assertThat(otherRepo.groups()).isEmpty();
    }

    @Test
    void aMappingHitStandsInForAMissingGroupsClaim() throws Exception {
        OidcTokenVerifier mixed = verifier(issuer(idp, "groups",
                new ClaimMapping("repository", "acme/api", "api-readers")));

        assertThat(mixed.verify(sign(RSA, gitHubActionsClaims("acme/api", "x@y"))).groups())
                .containsExactly("api-readers");
        assertRejected(mixed, sign(RSA, gitHubActionsClaims("acme/web", "x@y")), FailedCheck.MISSING_CLAIM);
    }

    private JWTClaimsSet gitHubActionsClaims(String repository, String workflowRef) {
        return valid()
                .subject("repo:" + repository + ":ref:refs/heads/main")
                .claim("groups", null)
                .claim("repository", repository)
                .claim("repository_owner", "acme")
                .claim("ref", "refs/heads/main")
                .claim("job_workflow_ref", workflowRef)
                .claim("runner_environment", "github-hosted")
                .build();
    }

    @Test
    void trustsTwoIssuersEachWithItsOwnKeysAndAudience() throws Exception {
        ECKey secondKey = TestTokens.ec("second-1");
        try (JwksServer second = JwksServer.publishing(secondKey)) {
            TrustedIssuer other = new TrustedIssuer(second.issuer(), "warehouse", second.jwksUri(), null, "groups",
                    null, null, null);
            OidcTokenVerifier both = verifier(issuer(idp, "groups"), other);

            Identity first = both.verify(sign(RSA, valid().build()));
            Identity fromSecond = both.verify(sign(secondKey, claims(second.issuer(), NOW).audience("warehouse")
                    .build()));

            assertThat(first.issuer()).isEqualTo(idp.issuer());
            assertThat(fromSecond.issuer()).isEqualTo(second.issuer());
            // The second issuer's audience does not carry over to the first, nor its key.
            assertRejected(both, sign(RSA, valid().audience("warehouse").build()), FailedCheck.AUDIENCE);
            assertRejected(both, sign(secondKey, valid().build()), FailedCheck.UNKNOWN_KEY);
            assertRejected(both, sign(RSA, claims(second.issuer(), NOW).audience("warehouse").build()),
                    FailedCheck.UNKNOWN_KEY);
        }
    }
}
