package io.hoopgw.server.session;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.SqlState;
import io.hoopgw.core.protocol.backend.AuthenticationCleartextPassword;
import io.hoopgw.core.protocol.backend.NegotiateProtocolVersion;
import io.hoopgw.core.protocol.codec.AuthenticationExchange;
import io.hoopgw.core.protocol.codec.FrontendDecoder;
import io.hoopgw.core.protocol.frontend.CancelRequest;
import io.hoopgw.core.protocol.frontend.GSSENCRequest;
import io.hoopgw.core.protocol.frontend.SSLRequest;
import io.hoopgw.core.protocol.frontend.StartupMessage;
import io.hoopgw.server.upstream.UpstreamConnector;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The untagged start of a connection: TLS and GSS encryption requests, cancel requests, and the StartupMessage,
 * after which the client is asked for its token as a cleartext password (safe: the channel is TLS or loopback).
 */
final class StartupHandler extends SimpleChannelInboundHandler<FrontendMessage> {
    private static final Logger log = LoggerFactory.getLogger(StartupHandler.class);
    /**
     * The largest password message accepted before login: a token of up to 64 KiB (PostgreSQL's own limit on an
     * authentication message). The configured message size applies only once the client has logged in, so an
     * unauthenticated client cannot make the gateway buffer megabytes.
     */
    static final int MAX_LOGIN_MESSAGE_LENGTH = 4 + 65_536;

    private final ClientConnection connection;
    private final SessionServices services;

    StartupHandler(ClientConnection connection, SessionServices services) {
        this.connection = connection;
        this.services = services;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FrontendMessage message) {
        if (message instanceof SSLRequest) {
            answerSslRequest(ctx);
        } else if (message instanceof GSSENCRequest) {
            if (connection.tls() || !connection.firstGssRequest()) {
                throw new ProtocolException("GSSENCRequest repeated or sent after TLS was established");
            }
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
        } else if (message instanceof CancelRequest cancel) {
            forwardCancel(ctx, cancel);
        } else if (message instanceof StartupMessage startup) {
            startup(ctx, startup);
        } else {
            throw new ProtocolException("unexpected " + message.getClass().getSimpleName() + " during startup");
        }
    }

    /** Resolves the target's host off the event loop (DNS may block), then sends the cancel from the loop. */
    private void sendCancel(EventLoop loop, SessionServices.CancelTarget target) {
        try {
            services.blockingExecutor().execute(() -> {
                try {
                    InetSocketAddress address = UpstreamConnector.resolve(target.endpoint());
                    loop.execute(() -> services.connector().cancel(
                            loop, target.endpoint(), address, target.processId(), target.secretKey()));
                } catch (UnknownHostException e) {
                    log.warn("cannot forward a cancel request: cannot resolve host {}: {}",
                            target.endpoint().host(), e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("cannot forward a cancel request: the gateway is too busy");
        }
    }

    private void answerSslRequest(ChannelHandlerContext ctx) {
        if (connection.tls() || !connection.firstSslRequest()) {
            throw new ProtocolException("SSLRequest repeated or sent after TLS was established");
        }
        if (connection.listener().tls() == null) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'N'}));
            return;
        }
        // The 'S' must leave before the TLS handler is in place: it is the last plaintext byte.
        ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'S'}));
        ctx.pipeline().addFirst("tls", connection.listener().tls().newHandler(ctx.alloc()));
    }

    private void forwardCancel(ChannelHandlerContext ctx, CancelRequest cancel) {
        services.cancels().lookup(cancel.processId(), cancel.secretKey()).ifPresentOrElse(
                target -> sendCancel(ctx.channel().eventLoop(), target),
                () -> log.info("cancel request with an unknown key from {}", connection.remoteAddress()));
        // PostgreSQL never answers a CancelRequest, whether or not the key matched.
        ctx.close();
    }

    private void startup(ChannelHandlerContext ctx, StartupMessage startup) {
        connection.startup(startup);
        List<String> protocolOptions = startup.parameters().keySet().stream()
                .filter(name -> name.startsWith("_pq_.")).toList();
        if (startup.minorVersion() > 0 || !protocolOptions.isEmpty()) {
            ctx.write(new NegotiateProtocolVersion(0, protocolOptions));
        }
        if (connection.overConnectionLimit()) {
            GatewayErrors.fatalAndClose(ctx.channel(), SqlState.TOO_MANY_CONNECTIONS,
                    "sorry, too many clients already (limit " + services.limits().maxConnections() + ")");
            return;
        }
        if (!connection.tls() && !connection.listener().allowPlaintext()) {
            GatewayErrors.fatalAndClose(ctx.channel(), SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                    "this gateway requires TLS; connect with sslmode=require");
            return;
        }
        String user = startup.parameter("user");
        if (user == null || user.isEmpty()) {
            GatewayErrors.fatalAndClose(ctx.channel(), SqlState.INVALID_AUTHORIZATION_SPECIFICATION,
                    "no user name specified in the startup packet");
            return;
        }
        StartupParameters.Result filtered = StartupParameters.filter(startup.parameters());
        if (filtered.refused().isPresent()) {
            GatewayErrors.fatalAndClose(ctx.channel(), SqlState.FEATURE_NOT_SUPPORTED,
                    "startup parameter \"" + filtered.refused().get() + "\" is not allowed through the gateway");
            return;
        }
        ctx.writeAndFlush(AuthenticationCleartextPassword.INSTANCE);
        FrontendDecoder decoder = new FrontendDecoder(
                Math.min(MAX_LOGIN_MESSAGE_LENGTH, services.limits().maxMessageLength()));
        decoder.expectAuthentication(AuthenticationExchange.PASSWORD);
        // The login handler goes in first so that bytes the old decoder still holds reach it through the new one.
        ctx.pipeline().replace(this, "login", new LoginHandler(connection, services, filtered.passed(), decoder));
        ctx.pipeline().replace(ClientChannelInitializer.DECODER, ClientChannelInitializer.DECODER, decoder);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ClientFailures.handle(connection, cause);
    }
}
