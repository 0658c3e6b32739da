package io.hoopgw.server.tls;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test certificate authorities and server certificates, made with BouncyCastle's builder. */
final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(1);

    private TestPki() {
    }

    /** A certificate and its private key. */
    record Issued(X509Certificate certificate, PrivateKey key) {
        Path writeCertificate(Path file) throws IOException {
            return Files.writeString(file, Pem.write(certificate));
        }

        Path writeKey(Path file) throws IOException {
            return Files.writeString(file, Pem.write(key));
        }
    }

    static KeyPair ecKeys(String curve) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    static KeyPair keys(String algorithm, int size) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (size > 0) {
            generator.initialize(size);
        }
        return generator.generateKeyPair();
    }

    /** A CA certificate (EC P-256, SHA256withECDSA) named {@code name}. */
    static Issued authority(String name) throws Exception {
        KeyPair keys = ecKeys("secp256r1");
        X500Name subject = new X500Name("CN=" + name);
        X509v3CertificateBuilder builder = builder(subject, subject, keys, Duration.ofDays(1));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        return new Issued(sign(builder, "SHA256withECDSA", keys.getPrivate(), null), keys.getPrivate());
    }

    /** A server certificate for {@code names} (DNS names or IP literals) issued by {@code issuer}. */
    static Issued server(Issued issuer, String... names) throws Exception {
        KeyPair keys = ecKeys("secp256r1");
        X509v3CertificateBuilder builder = builder(
                new X500Name(issuer.certificate().getSubjectX500Principal().getName()),
                new X500Name("CN=" + names[0]), keys, Duration.ofDays(1));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.subjectAlternativeName, false, altNames(names));
        return new Issued(sign(builder, "SHA256withECDSA", issuer.key(), null), keys.getPrivate());
    }

    /**
     * A self-signed certificate for {@code keys}, signed with {@code signatureAlgorithm} (through {@code provider}
     * when the JDK lacks the algorithm name), valid for {@code validity} from now.
     */
    static Issued selfSigned(KeyPair keys, String signatureAlgorithm, Provider provider, Duration validity,
                             String... names) throws Exception {
        X500Name subject = new X500Name("CN=" + names[0]);
        X509v3CertificateBuilder builder = builder(subject, subject, keys, validity);
        builder.addExtension(Extension.subjectAlternativeName, false, altNames(names));
        return new Issued(sign(builder, signatureAlgorithm, keys.getPrivate(), provider), keys.getPrivate());
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys,
                                                    Duration validity) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.getAndIncrement()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject,
                keys.getPublic());
    }

    private static GeneralNames altNames(String... names) {
        GeneralName[] altNames = new GeneralName[names.length];
        for (int i = 0; i < names.length; i++) {
            boolean ip = NetUtil.isValidIpV4Address(names[i]) || NetUtil.isValidIpV6Address(names[i]);
            altNames[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, names[i]);
        }
        return new GeneralNames(altNames);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, String algorithm, PrivateKey key,
                                        Provider provider) throws Exception {
        JcaContentSignerBuilder signerBuilder = new JcaContentSignerBuilder(algorithm);
        if (provider != null) {
            signerBuilder.setProvider(provider);
        }
        ContentSigner signer = signerBuilder.build(key);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }
}
