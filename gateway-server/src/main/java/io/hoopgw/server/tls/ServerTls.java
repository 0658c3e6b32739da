package io.hoopgw.server.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * TLS contexts for the gateway's listeners: from an operator's PEM files, or from a self-signed certificate the
 * gateway makes and keeps for demos. Contexts use the JDK's TLS implementation and allow TLS 1.2 and 1.3 only.
 *
 * <p>A listener answers a client's SSLRequest with {@code S} and then adds {@code context.newHandler(alloc)} to the
 * channel's pipeline.
 */
public final class ServerTls {
    /** The protocol versions every context allows, newest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private ServerTls() {
    }

    /**
     * A server context from a PEM certificate chain (leaf first) and its unencrypted private key (PKCS#8, PKCS#1
     * or SEC1).
     *
     * @throws TlsMaterialException naming the file when a file is missing or unreadable, holds no certificate or
     *                              key, the key is encrypted, or the key does not belong to the leaf certificate
     */
    public static SslContext fromPem(Path certFile, Path keyFile) throws TlsMaterialException {
        List<X509Certificate> chain = Pem.readCertificates(certFile);
        PrivateKey key = Pem.readPrivateKey(keyFile);
        if (!Pem.keyMatches(key, chain.get(0))) {
            throw new TlsMaterialException(keyFile + ": this private key does not belong to the first certificate"
                    + " in " + certFile);
        }
        return build(key, chain, certFile);
    }

    /**
     * A server context with a self-signed EC P-256 certificate for {@code hostname}, {@code localhost},
     * {@code 127.0.0.1} and {@code ::1}, valid for a year. The certificate and key are kept as PEM in
     * {@code stateDir} (created if needed) and reused on later calls while they still cover {@code hostname} and
     * are more than 30 days from expiry, so clients that were told to trust the certificate keep working across
     * restarts.
     *
     * <p>For demos and local use only: a client verifies the certificate only if given
     * {@link #selfSignedCertificateFile(Path)} as its root certificate.
     *
     * @param hostname the name or IP address clients connect to
     * @throws TlsMaterialException when the state directory cannot be written or read
     */
    public static SslContext selfSigned(String hostname, Path stateDir) throws TlsMaterialException {
        SelfSignedCertificate material = SelfSignedCertificate.loadOrCreate(hostname, stateDir);
        return build(material.key(), List.of(material.certificate()), material.certificateFile());
    }

    /** Where {@link #selfSigned} keeps the certificate clients should trust (PEM). */
    public static Path selfSignedCertificateFile(Path stateDir) {
        return SelfSignedCertificate.certificateFile(stateDir);
    }

    private static SslContext build(PrivateKey key, List<X509Certificate> chain, Path source)
            throws TlsMaterialException {
        try {
            return SslContextBuilder.forServer(key, chain)
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsMaterialException(source + ": cannot build a TLS server context: " + e.getMessage(), e);
        }
    }
}
