package io.hoopgw.server;

import io.hoopgw.server.config.ListenerConfig;
import io.hoopgw.server.tls.ServerTls;
import io.hoopgw.server.tls.TlsMaterialException;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;

/** Builds a listener's server TLS context from its configuration. */
final class ListenerTlsContexts {
    private ListenerTlsContexts() {
    }

    /** The listener's context, or null when it offers no TLS. */
    static SslContext forListener(ListenerConfig listener, Path stateDir) throws TlsMaterialException {
        if (listener.tls() instanceof ListenerConfig.PemFiles pem) {
            return ServerTls.fromPem(pem.certFile(), pem.keyFile());
        }
        if (listener.tls() instanceof ListenerConfig.SelfSigned) {
            return ServerTls.selfSigned(listener.host(), stateDir);
        }
        return null;
    }
}
