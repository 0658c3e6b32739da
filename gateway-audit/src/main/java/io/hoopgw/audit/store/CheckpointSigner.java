package io.hoopgw.audit.store;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import java.util.Objects;

/** Signs checkpoints with an Ed25519 ({@code EdDSA}) or P-256 ({@code ES256}) private JWK. Thread-safe. */
public final class CheckpointSigner {
    /** The JOSE {@code typ} of a checkpoint. */
    public static final JOSEObjectType TYPE = new JOSEObjectType("hoopgw-audit-checkpoint");

    private final JWSSigner signer;
    private final JWSAlgorithm algorithm;
    private final String keyId;

    /**
     * A signer for {@code privateKey}.
     *
     * @throws IllegalArgumentException when the key is public only, or not Ed25519 or P-256
     */
    public CheckpointSigner(JWK privateKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        if (!privateKey.isPrivate()) {
            throw new IllegalArgumentException("the checkpoint key must include its private part");
        }
        try {
            if (privateKey instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
                signer = new Ed25519Signer(okp);
                algorithm = JWSAlgorithm.EdDSA;
            } else if (privateKey instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
                signer = new ECDSASigner(ec);
                algorithm = JWSAlgorithm.ES256;
            } else {
                throw new IllegalArgumentException("checkpoints are signed with an Ed25519 or P-256 key, not "
                        + privateKey.getKeyType() + " " + privateKey.getAlgorithm());
            }
            keyId = privateKey.getKeyID() != null ? privateKey.getKeyID()
                    : privateKey.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable checkpoint key: " + e.getMessage(), e);
        }
    }

    /** The key id put in every checkpoint's header. */
    public String keyId() {
        return keyId;
    }

    /** A compact JWS over {@code claims}. */
    public String sign(CheckpointClaims claims) {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(algorithm).keyID(keyId).type(TYPE).build(),
                new Payload(claims.toJson()));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with a validated key failed", e);
        }
        return jws.serialize();
    }
}
