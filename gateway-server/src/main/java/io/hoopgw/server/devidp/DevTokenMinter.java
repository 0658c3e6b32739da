package io.hoopgw.server.devidp;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Mints tokens as the development identity provider: holds its signing key, issuer URL and audience. Used by a
 * running {@link DevIdentityProvider} and, without any server, by {@code hoopgw token}, which loads the
 * {@linkplain DevIdpState state file} a running demo wrote.
 *
 * <p>Only for development and tests: whoever can read the state file can mint any identity. Thread-safe.
 */
public final class DevTokenMinter {
    /** The audience dev tokens carry unless told otherwise. */
    public static final String DEFAULT_AUDIENCE = "hoopgw";
    /** The claim that carries the groups. */
    public static final String GROUPS_CLAIM = "groups";

    private final String issuer;
    private final String audience;
    private final JWK signingKey;
    private final JWSAlgorithm algorithm;
    private final JWSSigner signer;
    private final Clock clock;

    /**
     * A minter signing with {@code signingKey}: a private EC P-256 key (ES256) or RSA key of at least 2048 bits
     * (RS256), with a key id.
     */
    public DevTokenMinter(String issuer, String audience, JWK signingKey) {
        this(issuer, audience, signingKey, Clock.systemUTC());
    }

    private DevTokenMinter(String issuer, String audience, JWK signingKey, Clock clock) {
        this.issuer = requireText(issuer, "issuer");
        this.audience = requireText(audience, "audience");
        this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
        this.clock = clock;
        if (!signingKey.isPrivate()) {
            throw new IllegalArgumentException("the signing key must include its private part");
        }
        if (signingKey.getKeyID() == null) {
            throw new IllegalArgumentException("the signing key must have a key id (kid)");
        }
        this.algorithm = algorithmFor(signingKey);
        try {
            this.signer = signingKey instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) signingKey);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable signing key: " + e.getMessage(), e);
        }
    }

    /**
     * A minter with a freshly generated key for {@code algorithm} ({@code ES256} or {@code RS256}); the key id is
     * the key's RFC 7638 thumbprint.
     */
    public static DevTokenMinter generate(String issuer, String audience, JWSAlgorithm algorithm) {
        return new DevTokenMinter(issuer, audience, generateKey(algorithm));
    }

    /**
     * The minter a {@link DevIdentityProvider} saved to {@code stateFile}.
     *
     * @throws IOException when the file cannot be read or does not hold valid state; the message names the file
     *                     and, where one is at fault, the key
     */
    public static DevTokenMinter load(Path stateFile) throws IOException {
        DevIdpState state = DevIdpState.read(stateFile);
        try {
            return new DevTokenMinter(state.issuer(), state.audience(), state.signingKey());
        } catch (IllegalArgumentException e) {
            throw new IOException(stateFile + ": signingKey: " + e.getMessage(), e);
        }
    }

    /**
     * Writes issuer, audience and signing key to {@code stateFile} (replacing it atomically, readable by the owner
     * only where the file system supports POSIX permissions).
     */
    public void save(Path stateFile) throws IOException {
        new DevIdpState(issuer, audience, signingKey).write(stateFile);
    }

    /** The same key and audience under another issuer URL (a provider learns its URL once its port is bound). */
    public DevTokenMinter withIssuer(String newIssuer) {
        return new DevTokenMinter(newIssuer, audience, signingKey, clock);
    }

    /** The same key, issuer and audience, stamping times from {@code newClock}. */
    public DevTokenMinter withClock(Clock newClock) {
        return new DevTokenMinter(issuer, audience, signingKey, Objects.requireNonNull(newClock, "clock"));
    }

    /**
     * A signed token for {@code subject} in {@code groups}, valid from now for {@code lifetime}, with {@code iss},
     * {@code aud}, {@code sub}, {@code groups}, {@code iat}, {@code nbf}, {@code exp} and a random {@code jti}.
     */
    public String mint(String subject, Collection<String> groups, Duration lifetime) {
        return sign(claims(subject, groups, lifetime).build());
    }

    /** The claims {@link #mint} would sign, for callers that want to change some before {@link #sign}ing. */
    public JWTClaimsSet.Builder claims(String subject, Collection<String> groups, Duration lifetime) {
        requireText(subject, "subject");
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isZero() || lifetime.isNegative()) {
            throw new IllegalArgumentException("token lifetime must be positive");
        }
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .claim(GROUPS_CLAIM, List.copyOf(groups))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString());
    }

    /** Signs arbitrary claims with this provider's key, {@code kid} and algorithm; {@code typ} is {@code JWT}. */
    public String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm)
                .keyID(signingKey.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with a validated key failed", e);
        }
        return jwt.serialize();
    }

    /** The issuer URL tokens carry. */
    public String issuer() {
        return issuer;
    }

    /** The audience tokens carry. */
    public String audience() {
        return audience;
    }

    /** {@code ES256} or {@code RS256}. */
    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    /** The public half of the signing key, as published in the JWKS. */
    public JWK publicKey() {
        return signingKey.toPublicJWK();
    }

    /** The JWKS this minter's tokens verify against. */
    public JWKSet publicJwks() {
        return new JWKSet(publicKey());
    }

    static JWK generateKey(JWSAlgorithm algorithm) {
        try {
            if (JWSAlgorithm.ES256.equals(algorithm)) {
                return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(algorithm)
                        .keyIDFromThumbprint(true).generate();
            } else if (JWSAlgorithm.RS256.equals(algorithm)) {
                return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(algorithm)
                        .keyIDFromThumbprint(true).generate();
            }
        } catch (JOSEException e) {
            throw new IllegalStateException("key generation failed", e);
        }
        throw new IllegalArgumentException("the dev identity provider signs with ES256 or RS256, not " + algorithm);
    }

    private static JWSAlgorithm algorithmFor(JWK key) {
        JWSAlgorithm algorithm;
        if (key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
            algorithm = JWSAlgorithm.ES256;
        } else if (key instanceof RSAKey rsa && rsa.size() >= 2048) {
            algorithm = JWSAlgorithm.RS256;
        } else {
            throw new IllegalArgumentException("the signing key must be EC P-256 or RSA of at least 2048 bits, not "
                    + key.getKeyType() + (key instanceof ECKey ec ? " " + ec.getCurve() : ""));
        }
        if (key.getAlgorithm() != null && !algorithm.equals(key.getAlgorithm())) {
            throw new IllegalArgumentException("the signing key is marked for " + key.getAlgorithm()
                    + " but its type signs " + algorithm);
        }
        return algorithm;
    }

    private static String requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
