package io.hoopgw.core.auth;

import static io.hoopgw.core.auth.Rejections.quote;
import static io.hoopgw.core.auth.Rejections.reject;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.hoopgw.core.auth.TokenRejectedException.FailedCheck;
import java.util.List;
import java.util.Set;

/**
 * Verifies a JWS against its issuer's keys: selects the keys whose id, type, curve, use and algorithm fit the
 * header, re-fetches the JWKS once (rate-limited) when none fits, and accepts the token if one of them verifies it.
 */
final class SignatureCheck {
    /** Every algorithm this verifier can check; all asymmetric. Configurations may allow a subset. */
    static final Set<JWSAlgorithm> SUPPORTED = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
            JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    private final JwksCache keys;

    SignatureCheck(JwksCache keys) {
        this.keys = keys;
    }

    /** Throws unless {@code jwt} carries a valid signature by one of {@code issuer}'s keys. */
    void verify(SignedJWT jwt, String issuer) throws TokenRejectedException {
        JWSHeader header = jwt.getHeader();
        JWKMatcher matcher = matcher(header);
        JWKSet keySet = load(issuer, null);
        List<JWK> candidates = new JWKSelector(matcher).select(keySet);
        if (candidates.isEmpty()) {
            requireKeyFitsAlgorithm(keySet, header, issuer);
            JWKSet fresher = load(issuer, keySet);
            if (fresher == null) {
                throw reject(FailedCheck.UNKNOWN_KEY, issuer, "no key with id " + quote(header.getKeyID())
                        + " for " + header.getAlgorithm() + "; the JWKS was re-fetched too recently to try again");
            }
            keySet = fresher;
            candidates = new JWKSelector(matcher).select(keySet);
            if (candidates.isEmpty()) {
                requireKeyFitsAlgorithm(keySet, header, issuer);
                throw reject(FailedCheck.UNKNOWN_KEY, issuer, "no key with id " + quote(header.getKeyID())
                        + " for " + header.getAlgorithm() + " in the issuer's current JWKS");
            }
        }
        for (JWK candidate : candidates) {
            if (verifies(jwt, candidate)) {
                return;
            }
        }
        throw reject(FailedCheck.SIGNATURE, issuer, "signature does not verify with key id "
                + quote(header.getKeyID()) + " (" + header.getAlgorithm() + ")");
    }

    /** Cached keys when {@code stale} is null, otherwise a newer set or null (rate-limited). */
    private JWKSet load(String issuer, JWKSet stale) throws TokenRejectedException {
        try {
            return stale == null ? keys.get(issuer) : keys.refetch(issuer, stale);
        } catch (KeysUnavailableException e) {
            throw reject(FailedCheck.KEYS_UNAVAILABLE, issuer, "the issuer's signing keys are unavailable", e);
        }
    }

    /**
     * A token naming a key that exists but is of another type (an RSA key id on an ES256 token, say) is an
     * algorithm mix-up, not a rotation: re-fetching cannot help.
     */
    private static void requireKeyFitsAlgorithm(JWKSet keySet, JWSHeader header, String issuer)
            throws TokenRejectedException {
        String kid = header.getKeyID();
        JWK named = kid == null ? null : keySet.getKeyByKeyId(kid);
        if (named != null) {
            throw reject(FailedCheck.ALGORITHM, issuer, "key id " + quote(kid) + " is a " + named.getKeyType()
                    + (named.getAlgorithm() == null ? "" : " " + named.getAlgorithm()) + " key"
                    + (named.getKeyUse() == null ? "" : " for use " + named.getKeyUse().identifier())
                    + " and cannot verify " + header.getAlgorithm());
        }
    }

    private static JWKMatcher matcher(JWSHeader header) {
        JWSAlgorithm alg = header.getAlgorithm();
        JWKMatcher.Builder matcher = new JWKMatcher.Builder()
                .keyType(KeyType.forAlgorithm(alg))
                .keyID(header.getKeyID())
                .keyUses(KeyUse.SIGNATURE, null)
                .algorithms(alg, null);
        if (JWSAlgorithm.Family.EC.contains(alg)) {
            matcher.curves(Curve.forJWSAlgorithm(alg));
        } else if (JWSAlgorithm.Family.ED.contains(alg)) {
            // Nimbus verifies Ed25519 only; an Ed448 key cannot verify anything here.
            matcher.curves(Curve.Ed25519);
        }
        return matcher.build();
    }

    private static boolean verifies(SignedJWT jwt, JWK key) {
        try {
            return jwt.verify(verifierFor(key));
        } catch (JOSEException e) {
            // A malformed signature (wrong length, bad DER) is simply a signature that does not verify.
            return false;
        }
    }

    private static JWSVerifier verifierFor(JWK key) throws JOSEException {
        if (key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa);
        } else if (key instanceof ECKey ec) {
            return new ECDSAVerifier(ec);
        } else if (key instanceof OctetKeyPair okp) {
            return new Ed25519Verifier(okp);
        }
        throw new JOSEException("no verifier for key type " + key.getKeyType());
    }
}
