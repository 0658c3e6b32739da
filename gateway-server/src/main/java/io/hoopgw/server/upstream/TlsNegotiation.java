package io.hoopgw.server.upstream;

import io.hoopgw.server.tls.UpstreamTls;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Asks the server for TLS (SSLRequest), then replaces itself with the TLS handler and reports the handshake's
 * outcome. Used before a login and, as libpq 17 does, before a CancelRequest to a TLS target. Works with auto-read
 * on or off.
 */
final class TlsNegotiation extends ByteToMessageDecoder {
    private static final int SSL_REQUEST_CODE = 80877103;

    /** What happens next. */
    interface Outcome {
        /** The handshake succeeded; {@code channelBinding} is the {@code tls-server-end-point} hash, or null. */
        void secured(Channel channel, byte[] channelBinding);

        /** Negotiation or handshake failed; the caller closes the channel. */
        void failed(UpstreamLoginException failure);
    }

    private final UpstreamEndpoint endpoint;
    private final Outcome outcome;

    TlsNegotiation(UpstreamEndpoint endpoint, Outcome outcome) {
        this.endpoint = endpoint;
        this.outcome = outcome;
    }

    /** For callers that need only the channel once it is secured. */
    static Outcome outcome(Consumer<Channel> secured, Consumer<UpstreamLoginException> failed) {
        return new Outcome() {
            @Override
            public void secured(Channel channel, byte[] channelBinding) {
                secured.accept(channel);
            }

            @Override
            public void failed(UpstreamLoginException failure) {
                failed.accept(failure);
            }
        };
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ByteBuf request = ctx.alloc().buffer(8).writeInt(8).writeInt(SSL_REQUEST_CODE);
        ctx.writeAndFlush(request);
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        byte answer = in.readByte();
        if (answer != 'S') {
            in.skipBytes(in.readableBytes());
            outcome.failed(new UpstreamLoginException("target '" + endpoint.targetName()
                    + "' does not accept TLS connections, but its tls mode requires TLS"));
            return;
        }
        if (in.isReadable()) {
            // Bytes after 'S' and before the handshake would be read as if they came over TLS (CVE-2021-23222).
            in.skipBytes(in.readableBytes());
            outcome.failed(new UpstreamLoginException("upstream sent unencrypted data after accepting TLS"));
            return;
        }
        SslHandler ssl = endpoint.tls().newHandler(ctx.alloc(), endpoint.host(), endpoint.port());
        if (endpoint.verifyHost()) {
            SSLEngine engine = ssl.engine();
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(params);
        }
        Channel ch = ctx.channel();
        ctx.pipeline().replace(this, "ssl", ssl);
        ssl.handshakeFuture().addListener(f -> {
            if (!f.isSuccess()) {
                outcome.failed(new UpstreamLoginException("TLS handshake with target '"
                        + endpoint.targetName() + "' failed: " + f.cause().getMessage(), f.cause()));
                return;
            }
            outcome.secured(ch, channelBinding(ssl));
        });
        ch.read();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        outcome.failed(new UpstreamLoginException("TLS negotiation failed: " + cause.getMessage(), cause));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        outcome.failed(new UpstreamLoginException("upstream closed the connection during TLS negotiation"));
        super.channelInactive(ctx);
    }

    private static byte[] channelBinding(SslHandler ssl) {
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate cert
                    ? UpstreamTls.tlsServerEndPoint(cert).orElse(null) : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
