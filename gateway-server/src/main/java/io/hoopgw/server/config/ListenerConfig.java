package io.hoopgw.server.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One address the gateway accepts clients on.
 *
 * @param host           the bind address (an IP literal or a host name)
 * @param port           the TCP port, 1 to 65535, or 0 for any free port (tests, the demo's fallback)
 * @param tls            the TLS the listener offers, or null for none
 * @param allowPlaintext whether a client may skip TLS (send its StartupMessage without an SSLRequest first); tokens
 *                       then cross the wire in clear, so the loader permits it only on a loopback address
 */
public record ListenerConfig(String host, int port, ListenerTls tls, boolean allowPlaintext) {

    public ListenerConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
        if (tls == null && !allowPlaintext) {
            throw new IllegalArgumentException("a listener without TLS must allow plaintext");
        }
    }

    /** The TLS a listener offers. */
    public sealed interface ListenerTls permits PemFiles, SelfSigned {
    }

    /**
     * A certificate chain and its private key, both PEM.
     *
     * @param certFile the certificate chain, leaf first
     * @param keyFile  the private key (PKCS#8, PKCS#1 or SEC1, unencrypted)
     */
    public record PemFiles(Path certFile, Path keyFile) implements ListenerTls {
        public PemFiles {
            Objects.requireNonNull(certFile, "certFile");
            Objects.requireNonNull(keyFile, "keyFile");
        }
    }

    /**
     * A self-signed certificate the gateway makes itself and keeps in its state directory (demos and local use:
     * clients must be told to trust it).
     */
    public record SelfSigned() implements ListenerTls {
    }
}
