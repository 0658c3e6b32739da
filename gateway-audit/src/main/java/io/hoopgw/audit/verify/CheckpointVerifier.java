package io.hoopgw.audit.verify;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import io.hoopgw.audit.store.CheckpointClaims;
import java.text.ParseException;

/** Checks checkpoint signatures against one public key. */
final class CheckpointVerifier {
    private final JWSVerifier verifier;
    private final JWSAlgorithm algorithm;
    private final String keyId;

    CheckpointVerifier(JWK publicKey) {
        JWK key = publicKey.toPublicJWK();
        try {
            if (key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
                verifier = new Ed25519Verifier(okp);
                algorithm = JWSAlgorithm.EdDSA;
            } else if (key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
                verifier = new ECDSAVerifier(ec);
                algorithm = JWSAlgorithm.ES256;
            } else {
                throw new IllegalArgumentException("checkpoint keys are Ed25519 or P-256, not " + key.getKeyType());
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable public key: " + e.getMessage(), e);
        }
        keyId = key.getKeyID();
    }

    /** The signed claims, or throws {@link InvalidCheckpoint} saying why they cannot be trusted. */
    CheckpointClaims verify(String compact) throws InvalidCheckpoint {
        JWSObject jws;
        try {
            jws = JWSObject.parse(compact);
        } catch (ParseException e) {
            throw new InvalidCheckpoint("not a JWS: " + e.getMessage());
        }
        String signedBy = jws.getHeader().getKeyID();
        if (!algorithm.equals(jws.getHeader().getAlgorithm())) {
            throw new InvalidCheckpoint("signed with " + jws.getHeader().getAlgorithm() + " by key " + signedBy
                    + ", but the given key is for " + algorithm);
        }
        try {
            if (!jws.verify(verifier)) {
                throw new InvalidCheckpoint("the signature (key " + signedBy + ") does not verify with key " + keyId);
            }
            return CheckpointClaims.fromJson(jws.getPayload().toJSONObject());
        } catch (JOSEException | ParseException e) {
            throw new InvalidCheckpoint("cannot verify: " + e.getMessage());
        }
    }

    /** Why a checkpoint is not trusted. */
    static final class InvalidCheckpoint extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidCheckpoint(String message) {
            super(message);
        }
    }
}
