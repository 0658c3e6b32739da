package io.hoopgw.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamTlsTest {
    @TempDir
    static Path dir;

    private static TestPki.Issued authority;
    private static Path caFile;
    private static Path otherCaFile;
    private static TestPki.Issued serverCert;
    private static LoopbackTls upstream;

    @BeforeAll
    static void startUpstream() throws Exception {
        authority = TestPki.authority("hoopgw test CA");
        caFile = authority.writeCertificate(dir.resolve("ca.pem"));
        otherCaFile = TestPki.authority("some other CA").writeCertificate(dir.resolve("other-ca.pem"));
        serverCert = TestPki.server(authority, "localhost", "127.0.0.1");
        Path cert = serverCert.writeCertificate(dir.resolve("server.pem"));
        Path key = serverCert.writeKey(dir.resolve("server.key"));
        upstream = new LoopbackTls(ServerTls.fromPem(cert, key));
    }

    @AfterAll
    static void stopUpstream() throws Exception {
        upstream.close();
    }

    private static LoopbackTls.Outcome connect(SslContext context, String host) throws Exception {
        return upstream.connect(ch -> context.newHandler(ch.alloc(), host, upstream.port()));
    }

    @Test
    void verifyFullAcceptsAServerNamedByItsCertificate() throws Exception {
        SslContext context = UpstreamTls.clientContext(UpstreamTlsMode.VERIFY_FULL, caFile);

        for (String host : new String[] {"localhost", "127.0.0.1"}) {
            LoopbackTls.Outcome outcome = connect(context, host);
            assertThat(outcome.failure()).as(host).isNull();
            assertThat(outcome.echoed()).isEqualTo("ping");
            assertThat(outcome.session().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void verifyFullRejectsAWrongHostName() throws Exception {
        SslContext context = UpstreamTls.clientContext(UpstreamTlsMode.VERIFY_FULL, caFile);

        LoopbackTls.Outcome outcome = connect(context, "db.example.com");

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.failure()).hasStackTraceContaining("No subject alternative DNS name matching db.example.com");
    }

    @Test
    void verifyFullRejectsAWrongIpAddress() throws Exception {
        SslContext context = UpstreamTls.clientContext(UpstreamTlsMode.VERIFY_FULL, caFile);

        LoopbackTls.Outcome outcome = connect(context, "127.0.0.2");

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.failure()).hasStackTraceContaining("No subject alternative names matching IP address 127.0.0.2");
    }

    @Test
    void verifyFullRejectsAnUnknownAuthority() throws Exception {
        SslContext context = UpstreamTls.clientContext(UpstreamTlsMode.VERIFY_FULL, otherCaFile);

        LoopbackTls.Outcome outcome = connect(context, "localhost");

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.failure()).hasStackTraceContaining("PKIX path building failed");
    }

    @Test
    void verifyFullFailsClosedWhenTheHandlerIsMadeWithoutAHost() throws Exception {
        SslContext context = UpstreamTls.clientContext(UpstreamTlsMode.VERIFY_FULL, caFile);

        LoopbackTls.Outcome outcome = upstream.connect(ch -> context.newHandler(ch.alloc()));

        assertThat(outcome.succeeded()).isFalse();
    }

    @Test
    void requireEncryptsWithoutVerifying() throws Exception {
        SslContext context = UpstreamTls.clientContext(UpstreamTlsMode.REQUIRE, null);

        LoopbackTls.Outcome outcome = connect(context, "db.example.com");

        assertThat(outcome.failure()).isNull();
        assertThat(outcome.echoed()).isEqualTo("ping");
        assertThat(outcome.session().getCipherSuite()).startsWith("TLS_");
    }

    @Test
    void disableHasNoContext() {
        assertThatThrownBy(() -> UpstreamTls.clientContext(UpstreamTlsMode.DISABLE, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mode disable uses no TLS context");
    }

    @Test
    void unusableCaFilesAreNamed() throws Exception {
        Path missing = dir.resolve("missing-ca.pem");
        assertThatThrownBy(() -> UpstreamTls.clientContext(UpstreamTlsMode.VERIFY_FULL, missing))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage(missing + ": file not found");
        Path notPem = Files.writeString(dir.resolve("not-a-ca.pem"), "hello\n");
        assertThatThrownBy(() -> UpstreamTls.clientContext(UpstreamTlsMode.VERIFY_FULL, notPem))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessage(notPem + ": no certificate found (expected a PEM '-----BEGIN CERTIFICATE-----' block)");
    }

    @Test
    void channelBindingOfAHandshakenSessionHashesTheServerCertificate() throws Exception {
        LoopbackTls.Outcome outcome = connect(UpstreamTls.clientContext(UpstreamTlsMode.VERIFY_FULL, caFile),
                "localhost");

        byte[] expected = MessageDigest.getInstance("SHA-256").digest(serverCert.certificate().getEncoded());
        assertThat(UpstreamTls.tlsServerEndPoint(outcome.session())).hasValueSatisfying(
                binding -> assertThat(binding).isEqualTo(expected));
    }

    @Test
    void channelBindingUsesTheSignatureHashButNeverMd5OrSha1() throws Exception {
        KeyPair ec = TestPki.ecKeys("secp384r1");
        KeyPair rsa = TestPki.keys("RSA", 2048);

        assertBinding(selfSigned(ec, "SHA256withECDSA"), "SHA-256");
        assertBinding(selfSigned(ec, "SHA384withECDSA"), "SHA-384");
        assertBinding(selfSigned(ec, "SHA512withECDSA"), "SHA-512");
        assertBinding(selfSigned(rsa, "SHA1withRSA"), "SHA-256");
        assertBinding(selfSigned(rsa, "SHA384withRSA"), "SHA-384");
        assertBinding(TestPki.selfSigned(rsa, "SHA512withRSAandMGF1", new BouncyCastleProvider(), Duration.ofDays(1),
                "localhost").certificate(), "SHA-512");
    }

    @Test
    void channelBindingIsUndefinedForEdDsaCertificates() throws Exception {
        X509Certificate ed25519 = selfSigned(TestPki.keys("Ed25519", 0), "Ed25519");

        assertThat(UpstreamTls.tlsServerEndPoint(ed25519)).isEmpty();
    }

    private static X509Certificate selfSigned(KeyPair keys, String algorithm) throws Exception {
        return TestPki.selfSigned(keys, algorithm, null, Duration.ofDays(1), "localhost").certificate();
    }

    private static void assertBinding(X509Certificate certificate, String digest) throws Exception {
        byte[] expected = MessageDigest.getInstance(digest).digest(certificate.getEncoded());
        assertThat(UpstreamTls.tlsServerEndPoint(certificate)).as(certificate.getSigAlgName())
                .hasValueSatisfying(binding -> assertThat(binding).isEqualTo(expected));
    }
}
