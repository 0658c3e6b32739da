package io.hoopgw.server.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;

/**
 * TLS for the gateway's connections to upstream PostgreSQL servers, and the channel-binding data SCRAM-SHA-256-PLUS
 * needs from them.
 *
 * <p>Create each connection's handler with {@code context.newHandler(channel.alloc(), host, port)}, giving the
 * target's configured host: under {@link UpstreamTlsMode#VERIFY_FULL} that host is what the server certificate must
 * name, and a handler made without a host fails every handshake rather than skipping the check.
 */
public final class UpstreamTls {
    private static final String ENDPOINT_IDENTIFICATION = "HTTPS";

    private UpstreamTls() {
    }

    /**
     * A client context for {@code mode}, allowing TLS 1.2 and 1.3 only.
     *
     * <ul>
     *   <li>{@link UpstreamTlsMode#REQUIRE}: encrypts but trusts any certificate and any name, as libpq's
     *       {@code sslmode=require}; protects against eavesdropping only.</li>
     *   <li>{@link UpstreamTlsMode#VERIFY_FULL}: the server's chain must lead to a certificate in {@code caFile}
     *       and its certificate must name the host given to {@code newHandler} (RFC 2818 rules, the JDK's
     *       {@code HTTPS} endpoint identification), as {@code sslmode=verify-full}.</li>
     * </ul>
     *
     * @param caFile PEM CA certificates; required for verify-full, ignored otherwise
     * @throws IllegalArgumentException for {@link UpstreamTlsMode#DISABLE}, which has no context
     * @throws TlsMaterialException     naming {@code caFile} when it cannot be read or holds no certificate
     */
    public static SslContext clientContext(UpstreamTlsMode mode, Path caFile) throws TlsMaterialException {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .protocols(ServerTls.PROTOCOLS);
        switch (mode) {
            case DISABLE -> throw new IllegalArgumentException("mode disable uses no TLS context");
            case REQUIRE -> builder.trustManager(InsecureTrustManagerFactory.INSTANCE)
                    // Netty 4.2 verifies host names by default; require, by definition, does not.
                    .endpointIdentificationAlgorithm(null);
            case VERIFY_FULL -> {
                Objects.requireNonNull(caFile, "verify-full needs a CA file");
                List<X509Certificate> authorities = Pem.readCertificates(caFile);
                builder.trustManager(authorities).endpointIdentificationAlgorithm(ENDPOINT_IDENTIFICATION);
            }
            default -> throw new IllegalStateException("unhandled mode " + mode);
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new TlsMaterialException((caFile == null ? "upstream TLS" : caFile.toString())
                    + ": cannot build a TLS client context: " + e.getMessage(), e);
        }
    }

    /**
     * The {@code tls-server-end-point} channel binding (RFC 5929 section 4.1) of a handshaken session: the hash of
     * the server's certificate, which SCRAM-SHA-256-PLUS signs so a relay in the middle is detected.
     *
     * @throws SSLPeerUnverifiedException when the session has no peer certificate (not handshaken)
     * @see #tlsServerEndPoint(X509Certificate)
     */
    public static Optional<byte[]> tlsServerEndPoint(SSLSession session) throws SSLPeerUnverifiedException {
        Certificate[] chain = session.getPeerCertificates();
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            throw new SSLPeerUnverifiedException("the peer presented no X.509 certificate");
        }
        return tlsServerEndPoint(leaf);
    }

    /**
     * The {@code tls-server-end-point} channel binding of {@code certificate}: its DER encoding hashed with the hash
     * function of its signature algorithm, except that MD5 and SHA-1 are replaced by SHA-256 (RFC 5929 section
     * 4.1). PostgreSQL computes the same on its side.
     *
     * @return the hash, or empty when the signature algorithm has no single hash function (Ed25519, Ed448), for
     *         which the binding is undefined and PostgreSQL refuses SCRAM-SHA-256-PLUS: use SCRAM-SHA-256 then
     */
    public static Optional<byte[]> tlsServerEndPoint(X509Certificate certificate) {
        try {
            AlgorithmIdentifier signature = new JcaX509CertificateHolder(certificate).getSignatureAlgorithm();
            ASN1ObjectIdentifier signatureOid = signature.getAlgorithm();
            if (signatureOid.equals(EdECObjectIdentifiers.id_Ed25519)
                    || signatureOid.equals(EdECObjectIdentifiers.id_Ed448)) {
                return Optional.empty();
            }
            AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(signature);
            if (digest == null) {
                return Optional.empty();
            }
            ASN1ObjectIdentifier digestOid = digest.getAlgorithm();
            if (digestOid.equals(OIWObjectIdentifiers.idSHA1) || digestOid.equals(PKCSObjectIdentifiers.md5)) {
                digestOid = NISTObjectIdentifiers.id_sha256;
            }
            // The JDK's providers accept digest OIDs as algorithm names.
            return Optional.of(MessageDigest.getInstance(digestOid.getId()).digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            return Optional.empty();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }
}
