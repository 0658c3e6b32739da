package io.hoopgw.audit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;

/** Checkpoint keys: generation ({@code hoopgw audit keygen}) and JWK files. */
public final class AuditKeys {
    /** The signature algorithms checkpoints may use. */
    public enum Algorithm {
        /** EdDSA over Ed25519 (the default: small, fast, deterministic signatures). */
        ED25519,
        /** ECDSA over P-256 with SHA-256. */
        ES256
    }

    private AuditKeys() {
    }

    /** A new private key, its key id the RFC 7638 thumbprint. */
    public static JWK generate(Algorithm algorithm) {
        try {
            return switch (algorithm) {
                case ED25519 -> new OctetKeyPairGenerator(Curve.Ed25519).keyUse(KeyUse.SIGNATURE)
                        .algorithm(JWSAlgorithm.EdDSA).keyIDFromThumbprint(true).generate();
                case ES256 -> new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                        .keyIDFromThumbprint(true).generate();
            };
        } catch (JOSEException e) {
            throw new IllegalStateException("key generation failed", e);
        }
    }

    /**
     * Writes the private key to {@code privateFile} (owner-only where POSIX permissions exist) and its public
     * half to {@code publicFile}. Refuses to overwrite an existing private key.
     */
    public static void write(JWK key, Path privateFile, Path publicFile) throws IOException {
        if (Files.exists(privateFile)) {
            throw new IOException(privateFile + " already exists; not overwriting a key");
        }
        Path temporary = privateFile.resolveSibling(privateFile.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temporary, key.toJSONString() + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, privateFile, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(publicFile, key.toPublicJWK().toJSONString() + "\n", StandardCharsets.UTF_8);
    }

    /**
     * Reads a JWK file.
     *
     * @throws IOException naming the file when it cannot be read or holds no JWK
     */
    public static JWK read(Path file) throws IOException {
        try {
            return JWK.parse(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (ParseException e) {
            throw new IOException(file + ": not a JWK: " + e.getMessage(), e);
        }
    }
}
