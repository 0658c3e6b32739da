package io.hoopgw.server.tls;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A self-signed certificate and its key, kept in a state directory. Generated with the JDK's key generator and
 * BouncyCastle's certificate builder; nothing from {@code sun.*}.
 */
record SelfSignedCertificate(X509Certificate certificate, PrivateKey key, Path certificateFile) {
    private static final Logger LOG = LoggerFactory.getLogger(SelfSignedCertificate.class);

    static final Duration VALIDITY = Duration.ofDays(365);
    /** A certificate this close to expiry is replaced at start-up rather than left to lapse while running. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private static final String CERT_FILE = "selfsigned-cert.pem";
    private static final String KEY_FILE = "selfsigned-key.pem";
    private static final List<String> ALWAYS_COVERED = List.of("localhost", "127.0.0.1", "::1");

    /** Names the certificate file only: the key must never reach a log line. */
    @Override
    public String toString() {
        return "SelfSignedCertificate[" + certificateFile + "]";
    }

    static Path certificateFile(Path stateDir) {
        return stateDir.resolve(CERT_FILE);
    }

    /** The stored certificate when it is still good for {@code hostname}; otherwise a new one, stored. */
    static SelfSignedCertificate loadOrCreate(String hostname, Path stateDir) throws TlsMaterialException {
        Path certFile = certificateFile(stateDir);
        Path keyFile = stateDir.resolve(KEY_FILE);
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            SelfSignedCertificate stored = reuse(certFile, keyFile, hostname);
            if (stored != null) {
                return stored;
            }
        }
        SelfSignedCertificate created = create(hostname, certFile);
        store(created, keyFile);
        LOG.info("Generated a self-signed TLS certificate for {} in {}; clients must trust it to verify the gateway",
                hostname, certFile);
        return created;
    }

    private static SelfSignedCertificate reuse(Path certFile, Path keyFile, String hostname)
            throws TlsMaterialException {
        X509Certificate certificate;
        PrivateKey key;
        try {
            certificate = Pem.readCertificates(certFile).get(0);
            key = Pem.readPrivateKey(keyFile);
        } catch (TlsMaterialException e) {
            LOG.warn("Replacing unreadable self-signed certificate state: {}", e.getMessage());
            return null;
        }
        Instant renewAt = certificate.getNotAfter().toInstant().minus(RENEW_BEFORE);
        if (Instant.now().isAfter(renewAt) || !covers(certificate, hostname) || !Pem.keyMatches(key, certificate)) {
            return null;
        }
        return new SelfSignedCertificate(certificate, key, certFile);
    }

    private static SelfSignedCertificate create(String hostname, Path certFile) throws TlsMaterialException {
        try {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = generator.generateKeyPair();

            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "hoopgw self-signed")
                    .addRDN(BCStyle.CN, hostname)
                    .build();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject, new BigInteger(159, random).add(BigInteger.ONE),
                    // Backdated an hour so a client whose clock runs a little behind still accepts it.
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)),
                    subject, keys.getPublic());
            // Its own trust anchor, as PostgreSQL's documented openssl recipe makes it: CA:TRUE, so that clients
            // given this file as their root certificate accept it.
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames(hostname));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            return new SelfSignedCertificate(certificate, keys.getPrivate(), certFile);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new TlsMaterialException("cannot generate a self-signed certificate for " + hostname + ": " + e, e);
        }
    }

    private static GeneralNames subjectAltNames(String hostname) {
        Set<String> names = new LinkedHashSet<>();
        names.add(hostname);
        names.addAll(ALWAYS_COVERED);
        List<GeneralName> altNames = new ArrayList<>();
        for (String name : names) {
            boolean ip = NetUtil.isValidIpV4Address(name) || NetUtil.isValidIpV6Address(name);
            altNames.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        return new GeneralNames(altNames.toArray(GeneralName[]::new));
    }

    /** Whether {@code certificate}'s subject alternative names include {@code hostname} and the loopback names. */
    private static boolean covers(X509Certificate certificate, String hostname) {
        Set<String> wanted = new LinkedHashSet<>(ALWAYS_COVERED);
        wanted.add(hostname);
        Set<String> present = new LinkedHashSet<>();
        try {
            Collection<List<?>> altNames = certificate.getSubjectAlternativeNames();
            if (altNames == null) {
                return false;
            }
            for (List<?> altName : altNames) {
                present.add(normalise(String.valueOf(altName.get(1))));
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        return wanted.stream().map(SelfSignedCertificate::normalise).allMatch(present::contains);
    }

    /** IPv6 addresses come back from the JDK in full form ({@code 0:0:0:0:0:0:0:1}); compare them as addresses. */
    private static String normalise(String name) {
        byte[] address = NetUtil.createByteArrayFromIpAddressString(name);
        return address == null ? name.toLowerCase(Locale.ROOT) : NetUtil.bytesToIpAddress(address);
    }

    /**
     * Writes the key (owner-only where the file system has POSIX permissions) and then the certificate, each
     * through a temporary file and a rename, so a crash never leaves a half-written file that the next start
     * would trust.
     */
    private static void store(SelfSignedCertificate material, Path keyFile) throws TlsMaterialException {
        Path stateDir = keyFile.getParent();
        try {
            Files.createDirectories(stateDir);
            writeAtomically(keyFile, Pem.write(material.key()), true);
            writeAtomically(material.certificateFile(), Pem.write(material.certificate()), false);
        } catch (IOException e) {
            throw new TlsMaterialException(stateDir + ": cannot store the self-signed certificate: " + e, e);
        }
    }

    private static void writeAtomically(Path target, String content, boolean ownerOnly) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (ownerOnly && temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(temp);
        }
        Files.writeString(temp, content, StandardCharsets.US_ASCII);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
