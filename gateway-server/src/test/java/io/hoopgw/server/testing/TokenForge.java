package io.hoopgw.server.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.hoopgw.server.devidp.DevIdentityProvider;
import io.hoopgw.server.devidp.DevTokenMinter;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;

/**
 * Crafts the bad tokens that integration tests present to the gateway, each wrong in exactly one way and otherwise a
 * token the given {@link DevIdentityProvider} would mint for the forge's subject and groups. Every method returns a
 * fresh compact token; none of them needs the network.
 */
public final class TokenForge {
    private static final Duration LIFETIME = Duration.ofMinutes(5);

    private final DevTokenMinter minter;
    private final String subject;
    private final List<String> groups;
    private JWSSigner impostor;

    /** A forge for {@code idp}'s tokens for {@code forged@example.com} in group {@code analysts}. */
    public TokenForge(DevIdentityProvider idp) {
        this(idp, "forged@example.com", List.of("analysts"));
    }

    /** A forge for {@code idp}'s tokens for {@code subject} in {@code groups}. */
    public TokenForge(DevIdentityProvider idp, String subject, Collection<String> groups) {
        this.minter = idp.minter();
        this.subject = Objects.requireNonNull(subject, "subject");
        this.groups = List.copyOf(groups);
    }

    /** A genuine token, for contrast with the forgeries. */
    public String valid() {
        return minter.sign(claims().build());
    }

    /** Expired an hour ago (well beyond any clock skew). */
    public String expired() {
        Instant issued = Instant.now().minus(Duration.ofHours(2));
        return minter.sign(claims()
                .issueTime(Date.from(issued))
                .notBeforeTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(Duration.ofHours(1))))
                .build());
    }

    /** Valid only from an hour from now ({@code nbf}). */
    public String notYetValid() {
        Instant start = Instant.now().plus(Duration.ofHours(1));
        return minter.sign(claims()
                .notBeforeTime(Date.from(start))
                .expirationTime(Date.from(start.plus(LIFETIME)))
                .build());
    }

    /** Issued an hour in the future ({@code iat}), without {@code nbf}. */
    public String issuedInTheFuture() {
        Instant issued = Instant.now().plus(Duration.ofHours(1));
        return minter.sign(claims()
                .notBeforeTime(null)
                .issueTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(LIFETIME)))
                .build());
    }

    /** Signed with the provider's own key but naming another issuer. */
    public String wrongIssuer() {
        return minter.sign(claims().issuer("https://idp.attacker.example").build());
    }

    /** Addressed to another audience. */
    public String wrongAudience() {
        return minter.sign(claims().audience("some-other-service").build());
    }

    /** Signed by an impostor key of the same type under the provider's own {@code kid}. */
    public String badSignature() {
        return sign(impostorSigner(), minter.algorithm(), minter.publicKey().getKeyID(), claims().build());
    }

    /** Signed by a key the provider never published, under a {@code kid} its JWKS does not list. */
    public String unknownKid() {
        return sign(impostorSigner(), minter.algorithm(), "unknown-" + UUID.randomUUID(), claims().build());
    }

    /** Unsigned: {@code alg: none} and an empty signature. */
    public String algNone() {
        return new PlainJWT(claims().build()).serialize();
    }

    /**
     * HS256 with the provider's DER-encoded public key as the HMAC secret, under the provider's {@code kid}: the
     * algorithm-confusion attack against verifiers that feed whatever key they find to whatever {@code alg} says.
     */
    public String hs256WithPublicKey() {
        try {
            byte[] publicKey = ((AsymmetricJWK) minter.publicKey()).toPublicKey().getEncoded();
            return sign(new MACSigner(publicKey), JWSAlgorithm.HS256, minter.publicKey().getKeyID(),
                    claims().build());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A genuine token without the {@code groups} claim. */
    public String missingGroups() {
        return minter.sign(claims().claim(DevTokenMinter.GROUPS_CLAIM, null).build());
    }

    /** Three base64url segments of random bytes: shaped like a JWT, but not one. */
    public String garbage() {
        Random random = new Random();
        StringBuilder token = new StringBuilder();
        for (int part = 0; part < 3; part++) {
            byte[] bytes = new byte[48 + random.nextInt(48)];
            random.nextBytes(bytes);
            token.append(part == 0 ? "" : ".").append(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        }
        return token.toString();
    }

    private JWTClaimsSet.Builder claims() {
        return minter.claims(subject, groups, LIFETIME);
    }

    /** A signer with a key of the provider's type that the provider never published; generated once per forge. */
    private synchronized JWSSigner impostorSigner() {
        if (impostor == null) {
            try {
                impostor = JWSAlgorithm.ES256.equals(minter.algorithm())
                        ? new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate())
                        : new RSASSASigner(new RSAKeyGenerator(2048).generate());
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
        return impostor;
    }

    private static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
