package io.hoopgw.server.session;

import io.netty.handler.ssl.SslContext;

/**
 * What a client connection needs to know about the listener it arrived on.
 *
 * @param tls            the server TLS context, or null when the listener offers no TLS
 * @param allowPlaintext whether a client may log in without TLS (only on loopback listeners)
 */
public record ListenerSettings(SslContext tls, boolean allowPlaintext) {
}
