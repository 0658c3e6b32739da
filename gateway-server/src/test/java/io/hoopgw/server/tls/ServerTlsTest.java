package io.hoopgw.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLEngine;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTlsTest {
    /** Only to encrypt test keys: the JDK has no OpenSSL key-derivation function. Never registered globally. */
    private static final Provider BC = new BouncyCastleProvider();

    @TempDir
    Path dir;

    private static TestPki.Issued authority;
    private static TestPki.Issued server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        authority = TestPki.authority("hoopgw test CA");
        server = TestPki.server(authority, "localhost", "127.0.0.1");
    }

    /** Handshakes with a verify-full client trusting {@code caFile} and returns what it saw. */
    private static LoopbackTls.Outcome handshake(SslContext serverContext, Path caFile, String host) throws Exception {
        SslContext client = UpstreamTls.clientContext(UpstreamTlsMode.VERIFY_FULL, caFile);
        try (LoopbackTls loopback = new LoopbackTls(serverContext)) {
            return loopback.connect(ch -> client.newHandler(ch.alloc(), host, loopback.port()));
        }
    }

    @Test
    void servesAPemChainThatClientsVerify() throws Exception {
        Path cert = server.writeCertificate(dir.resolve("server.pem"));
        Path key = server.writeKey(dir.resolve("server.key"));
        Path ca = authority.writeCertificate(dir.resolve("ca.pem"));

        LoopbackTls.Outcome outcome = handshake(ServerTls.fromPem(cert, key), ca, "localhost");

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.echoed()).isEqualTo("ping");
        assertThat(outcome.session().getPeerCertificates()[0]).isEqualTo(server.certificate());
    }

    @Test
    void allowsOnlyTls12And13() throws Exception {
        SslContext context = ServerTls.fromPem(server.writeCertificate(dir.resolve("server.pem")),
                server.writeKey(dir.resolve("server.key")));

        SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT);

        assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        assertThat(engine.getUseClientMode()).isFalse();
    }

    @Test
    void readsTraditionalSec1AndPkcs1Keys() throws Exception {
        Path cert = server.writeCertificate(dir.resolve("server.pem"));
        KeyPair rsa = TestPki.keys("RSA", 2048);
        TestPki.Issued rsaServer = TestPki.selfSigned(rsa, "SHA256withRSA", null, Duration.ofDays(1), "localhost");

        Path sec1 = Files.writeString(dir.resolve("sec1.key"), sec1Pem(server.key()));
        assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");
        Path pkcs1 = Files.writeString(dir.resolve("pkcs1.key"), traditionalPem(rsa.getPrivate()));
        assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        assertThat(ServerTls.fromPem(cert, sec1).isServer()).isTrue();
        Path rsaCert = rsaServer.writeCertificate(dir.resolve("rsa.pem"));
        // A self-signed certificate is its own CA file.
        assertThat(handshake(ServerTls.fromPem(rsaCert, pkcs1), rsaCert, "localhost").failure()).isNull();
    }

    @Test
    void refusesAKeyThatIsNotTheCertificates() throws Exception {
        Path cert = server.writeCertificate(dir.resolve("server.pem"));
        Path otherKey = authority.writeKey(dir.resolve("other.key"));

        assertThatThrownBy(() -> ServerTls.fromPem(cert, otherKey))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage(otherKey + ": this private key does not belong to the first certificate in " + cert);
    }

    @Test
    void refusesEncryptedKeys() throws Exception {
        Path cert = server.writeCertificate(dir.resolve("server.pem"));
        char[] passphrase = "secret".toCharArray();
        StringWriter traditional = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(traditional)) {
            writer.writeObject(server.key(), new JcePEMEncryptorBuilder("AES-128-CBC")
                    .setProvider(BC).build(passphrase));
        }
        StringWriter pkcs8 = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pkcs8)) {
            writer.writeObject(new JcaPKCS8Generator(server.key(),
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(BC)
                            .setPassword(passphrase).build()));
        }

        for (String pem : List.of(traditional.toString(), pkcs8.toString())) {
            Path key = Files.writeString(dir.resolve("encrypted.key"), pem);
            assertThatThrownBy(() -> ServerTls.fromPem(cert, key))
                    .isInstanceOf(TlsMaterialException.class)
                    .hasMessage(key + ": the private key is encrypted; give an unencrypted key readable only by the"
                            + " gateway (openssl pkey -in KEY -out PLAIN)");
        }
    }

    @Test
    void namesTheFileThatHoldsTheWrongThing() throws Exception {
        Path cert = server.writeCertificate(dir.resolve("server.pem"));
        Path key = server.writeKey(dir.resolve("server.key"));

        assertThatThrownBy(() -> ServerTls.fromPem(key, key))
                .hasMessage(key + ": no certificate found (expected a PEM '-----BEGIN CERTIFICATE-----' block)");
        assertThatThrownBy(() -> ServerTls.fromPem(cert, cert))
                .hasMessage(cert + ": no private key found (expected a PEM '-----BEGIN PRIVATE KEY-----' block)");
        Path missing = dir.resolve("missing.key");
        assertThatThrownBy(() -> ServerTls.fromPem(cert, missing)).hasMessage(missing + ": file not found");
        Path garbled = Files.writeString(dir.resolve("garbled.pem"),
                "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> ServerTls.fromPem(garbled, key))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageStartingWith(garbled + ": not a valid PEM certificate file: ");
    }

    @Test
    void selfSignedCertificatesAreVerifiableByTheirOwnFile() throws Exception {
        Path state = dir.resolve("state");

        SslContext context = ServerTls.selfSigned("gw.example.test", state);
        Path certFile = ServerTls.selfSignedCertificateFile(state);

        for (String host : List.of("localhost", "127.0.0.1", "gw.example.test")) {
            LoopbackTls.Outcome outcome = handshake(context, certFile, host);
            assertThat(outcome.failure()).as(host).isNull();
        }
        X509Certificate certificate = Pem.readCertificates(certFile).get(0);
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        Duration validity = Duration.between(certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant());
        assertThat(validity).isBetween(Duration.ofDays(365), Duration.ofDays(365).plusHours(2));
        assertThat(certificate.getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1))
                .containsExactly((Object) "gw.example.test", "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(Files.getPosixFilePermissions(state.resolve("selfsigned-key.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(state.resolve("selfsigned-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void selfSignedStateIsReusedAcrossRestarts() throws Exception {
        Path state = dir.resolve("state");
        ServerTls.selfSigned("localhost", state);
        String firstCert = Files.readString(ServerTls.selfSignedCertificateFile(state));
        String firstKey = Files.readString(state.resolve("selfsigned-key.pem"));

        SslContext again = ServerTls.selfSigned("localhost", state);

        assertThat(Files.readString(ServerTls.selfSignedCertificateFile(state))).isEqualTo(firstCert);
        assertThat(Files.readString(state.resolve("selfsigned-key.pem"))).isEqualTo(firstKey);
        // The reloaded context still serves the stored certificate, which clients already trust.
        assertThat(handshake(again, ServerTls.selfSignedCertificateFile(state), "127.0.0.1").failure()).isNull();
    }

    @Test
    void selfSignedStateIsReplacedForANewHostName() throws Exception {
        Path state = dir.resolve("state");
        ServerTls.selfSigned("localhost", state);
        String first = Files.readString(ServerTls.selfSignedCertificateFile(state));

        ServerTls.selfSigned("gw.example.test", state);

        assertThat(Files.readString(ServerTls.selfSignedCertificateFile(state))).isNotEqualTo(first);
    }

    @Test
    void selfSignedStateIsReplacedNearExpiry() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        TestPki.Issued expiring = TestPki.selfSigned(TestPki.ecKeys("secp256r1"), "SHA256withECDSA", null,
                Duration.ofDays(10), "localhost", "127.0.0.1", "::1");
        String old = Files.readString(expiring.writeCertificate(ServerTls.selfSignedCertificateFile(state)));
        expiring.writeKey(state.resolve("selfsigned-key.pem"));

        ServerTls.selfSigned("localhost", state);

        X509Certificate renewed = Pem.readCertificates(ServerTls.selfSignedCertificateFile(state)).get(0);
        assertThat(Files.readString(ServerTls.selfSignedCertificateFile(state))).isNotEqualTo(old);
        assertThat(renewed.getNotAfter()).isAfter(expiring.certificate().getNotAfter());
    }

    @Test
    void selfSignedStateIsReplacedWhenCorruptOrMismatched() throws Exception {
        Path state = dir.resolve("state");
        ServerTls.selfSigned("localhost", state);
        Path keyFile = state.resolve("selfsigned-key.pem");
        String first = Files.readString(ServerTls.selfSignedCertificateFile(state));

        Files.writeString(keyFile, "not a key\n");
        ServerTls.selfSigned("localhost", state);
        String second = Files.readString(ServerTls.selfSignedCertificateFile(state));
        assertThat(second).isNotEqualTo(first);

        authority.writeKey(keyFile);
        ServerTls.selfSigned("localhost", state);
        assertThat(Files.readString(ServerTls.selfSignedCertificateFile(state))).isNotEqualTo(second);
        assertThat(Pem.keyMatches(Pem.readPrivateKey(keyFile),
                Pem.readCertificates(ServerTls.selfSignedCertificateFile(state)).get(0))).isTrue();
    }

    /** {@code key} as OpenSSL writes EC keys traditionally: SEC1 with the curve named inside. */
    private static String sec1Pem(PrivateKey key) throws Exception {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
        ECPrivateKey withCurve = new ECPrivateKey(256, inner.getKey(), info.getPrivateKeyAlgorithm().getParameters());
        return traditionalPem(new PemObject("EC PRIVATE KEY", withCurve.getEncoded()));
    }

    /** JcaPEMWriter writes RSA private keys in OpenSSL's traditional PKCS#1 form. */
    private static String traditionalPem(Object key) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(key);
        }
        return text.toString();
    }
}
