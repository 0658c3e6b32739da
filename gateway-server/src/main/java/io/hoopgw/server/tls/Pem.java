package io.hoopgw.server.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * Reads and writes PEM certificates and private keys with BouncyCastle's parser, converting to JDK key and
 * certificate objects with the JDK's own providers (BouncyCastle is never registered as a provider).
 */
final class Pem {
    private Pem() {
    }

    /** Every certificate in {@code file}, in file order; other PEM blocks are skipped. */
    static List<X509Certificate> readCertificates(Path file) throws TlsMaterialException {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(open(file))) {
            for (Object block; (block = parser.readObject()) != null; ) {
                if (block instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException | IllegalArgumentException | IllegalStateException e) {
            // BouncyCastle reports bad base64 and bad DER with runtime exceptions.
            throw new TlsMaterialException(file + ": not a valid PEM certificate file: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new TlsMaterialException(file + ": no certificate found (expected a PEM"
                    + " '-----BEGIN CERTIFICATE-----' block)");
        }
        return certificates;
    }

    /**
     * The first private key in {@code file}: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1
     * ({@code EC PRIVATE KEY}). Encrypted keys are refused: the gateway has nowhere safe to keep their passphrase.
     */
    static PrivateKey readPrivateKey(Path file) throws TlsMaterialException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(open(file))) {
            for (Object block; (block = parser.readObject()) != null; ) {
                if (block instanceof PEMKeyPair pair) {
                    // The public half is optional in SEC1 keys, so take the private half alone.
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (block instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (block instanceof PKCS8EncryptedPrivateKeyInfo || block instanceof PEMEncryptedKeyPair) {
                    throw new TlsMaterialException(file + ": the private key is encrypted; give an unencrypted"
                            + " key readable only by the gateway (openssl pkey -in KEY -out PLAIN)");
                }
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new TlsMaterialException(file + ": not a valid PEM private key file: " + e.getMessage(), e);
        }
        throw new TlsMaterialException(file + ": no private key found (expected a PEM"
                + " '-----BEGIN PRIVATE KEY-----' block)");
    }

    /** {@code certificate} as PEM text. */
    static String write(X509Certificate certificate) {
        return write((Object) certificate);
    }

    /** {@code key} as unencrypted PKCS#8 PEM ({@code PRIVATE KEY}), the form OpenSSL and the JDK both read. */
    static String write(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null));
        } catch (PemGenerationException e) {
            throw new IllegalArgumentException("cannot encode a " + key.getAlgorithm() + " private key", e);
        }
    }

    private static String write(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException("writing PEM to memory failed", e);
        }
        return text.toString();
    }

    /**
     * Whether {@code key} is the private half of {@code certificate}'s public key: a signature made with one
     * verifies with the other. Mismatched files would otherwise fail only at the first client's handshake.
     */
    static boolean keyMatches(PrivateKey key, X509Certificate certificate) throws TlsMaterialException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
            default -> throw new TlsMaterialException("unsupported private key type " + key.getAlgorithm()
                    + " (use RSA, EC or EdDSA)");
        };
        byte[] probe = "hoopgw key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // A key of another type than the certificate's (an RSA key for an EC certificate) lands here.
            return false;
        }
    }

    private static Reader open(Path file) throws TlsMaterialException {
        try {
            return Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new TlsMaterialException(file + ": file not found", e);
        } catch (IOException e) {
            throw new TlsMaterialException(file + ": cannot read: " + e, e);
        }
    }
}
