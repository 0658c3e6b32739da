package io.hoopgw.server.session;

import io.hoopgw.core.auth.Identity;
import io.hoopgw.core.auth.TokenRejectedException;
import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.SqlState;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.core.protocol.codec.AuthenticationExchange;
import io.hoopgw.core.protocol.codec.FrontendDecoder;
import io.hoopgw.core.protocol.frontend.PasswordMessage;
import io.hoopgw.core.protocol.frontend.Terminate;
import io.hoopgw.server.upstream.UpstreamConnection;
import io.hoopgw.server.upstream.UpstreamConnector;
import io.hoopgw.server.upstream.UpstreamCredential;
import io.hoopgw.server.upstream.UpstreamEndpoint;
import io.hoopgw.server.upstream.UpstreamLoginException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the client's token (sent as the password), verifies it off the event loop, checks the grant, opens the
 * upstream session with the gateway's credential, and hands the connection to an {@link EstablishedSession}.
 *
 * <p>No client byte is read while a step is in flight, and no upstream connection is opened before the token and
 * the grant have both passed.
 */
final class LoginHandler extends SimpleChannelInboundHandler<FrontendMessage> {
    private static final Logger log = LoggerFactory.getLogger(LoginHandler.class);

    private final ClientConnection connection;
    private final SessionServices services;
    private final Map<String, String> sessionParameters;
    private final FrontendDecoder decoder;
    private boolean passwordReceived;

    LoginHandler(ClientConnection connection, SessionServices services, Map<String, String> sessionParameters,
            FrontendDecoder decoder) {
        this.connection = connection;
        this.services = services;
        this.sessionParameters = sessionParameters;
        this.decoder = decoder;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FrontendMessage message) {
        if (message instanceof Terminate) {
            ctx.close();
            return;
        }
        if (!(message instanceof PasswordMessage password) || passwordReceived) {
            throw new ProtocolException("expected a password message, got " + message.getClass().getSimpleName());
        }
        passwordReceived = true;
        decoder.expectAuthentication(AuthenticationExchange.NONE);
        ctx.channel().config().setAutoRead(false);
        String token = password.password();
        try {
            services.blockingExecutor().execute(() -> verify(ctx, token));
        } catch (RejectedExecutionException e) {
            refuse(ctx, null, LoginRefusals.CAPACITY, SqlState.TOO_MANY_CONNECTIONS.code(),
                    "the gateway is too busy to verify tokens; retry shortly");
        }
    }

    /**
     * Runs on the blocking executor: token verification (which may fetch keys), the access decision and the
     * upstream host's name resolution (which may wait on DNS). Every outcome goes back to the event loop.
     */
    private void verify(ChannelHandlerContext ctx, String token) {
        Identity identity;
        try {
            identity = services.verifier().verify(token);
        } catch (TokenRejectedException e) {
            ctx.executor().execute(() -> refuseToken(ctx, e));
            return;
        } catch (RuntimeException e) {
            log.error("token verification failed unexpectedly for {}", connection.remoteAddress(), e);
            ctx.executor().execute(() -> refuse(ctx, null, LoginRefusals.TOKEN_ERROR,
                    SqlState.INVALID_PASSWORD.code(), "token could not be verified; the gateway log has details"));
            return;
        }
        SessionServices.Access access = services.access().decide(
                identity, targetName(), connection.startup().parameter("user"));
        Resolution resolution = access instanceof SessionServices.Access.Granted granted ? resolve(granted) : null;
        ctx.executor().execute(() -> authorize(ctx, identity, access, resolution));
    }

    /** The granted target's address, looked up on the blocking executor. */
    private Resolution resolve(SessionServices.Access.Granted granted) {
        Optional<UpstreamEndpoint> endpoint = services.targets().endpoint(granted.target());
        if (endpoint.isEmpty()) {
            return new Resolution(null, null);
        }
        try {
            return new Resolution(UpstreamConnector.resolve(endpoint.get()), null);
        } catch (UnknownHostException e) {
            return new Resolution(null, new UpstreamLoginException(
                    "cannot resolve host " + endpoint.get().host() + ": " + e.getMessage(), e));
        }
    }

    /** An upstream address, or why there is none. */
    private record Resolution(InetSocketAddress address, UpstreamLoginException failure) {
    }

    private void refuseToken(ChannelHandlerContext ctx, TokenRejectedException e) {
        log.info("login refused: client={} user={} database={} check={} reason={}", connection.remoteAddress(),
                LogSafe.quote(connection.startup().parameter("user")), LogSafe.quote(targetName()),
                e.check(), LogSafe.quote(e.getMessage()));
        refuse(ctx, null, LoginRefusals.token(e.check()), SqlState.INVALID_PASSWORD.code(),
                "token rejected: " + e.getMessage());
    }

    private void authorize(ChannelHandlerContext ctx, Identity identity, SessionServices.Access access,
            Resolution resolution) {
        if (!ctx.channel().isActive()) {
            return;
        }
        try {
            openUpstream(ctx, identity, access, resolution);
        } catch (RuntimeException e) {
            ClientFailures.handle(connection, e);
        }
    }

    private void openUpstream(ChannelHandlerContext ctx, Identity identity, SessionServices.Access access,
            Resolution resolution) {
        connection.identity(identity);
        if (access instanceof SessionServices.Access.Refused refused) {
            log.info("login refused: client={} subject={} groups={} database={} user={} reason={}",
                    connection.remoteAddress(), LogSafe.quote(identity.subject()), LogSafe.quoteAll(identity.groups()),
                    LogSafe.quote(targetName()), LogSafe.quote(connection.startup().parameter("user")),
                    LogSafe.quote(refused.reason()));
            refuse(ctx, identity, LoginRefusals.GRANT, SqlState.INVALID_AUTHORIZATION_SPECIFICATION.code(),
                    refused.reason());
            return;
        }
        SessionServices.Access.Granted granted = (SessionServices.Access.Granted) access;
        Optional<UpstreamEndpoint> endpoint = services.targets().endpoint(granted.target());
        Optional<UpstreamCredential> credential = services.targets().credential(granted.target(), granted.role());
        if (endpoint.isEmpty() || credential.isEmpty()) {
            // The configuration is validated at load, so a grant always names a real target and role.
            throw new IllegalStateException("grant " + granted.grant() + " names an unknown target or role");
        }
        if (resolution.failure() != null) {
            refuseUpstream(ctx, identity, granted, resolution.failure());
            return;
        }
        InetSocketAddress address = resolution.address();
        boolean readOnly = services.controls().policy()
                .map(policy -> policy.current().readOnly(identity.groups(), granted.target())).orElse(false);
        Map<String, String> upstreamParameters = StartupParameters.forUpstream(sessionParameters,
                services.controls().any(), readOnly);
        Future<UpstreamConnection> upstream = services.connector().connect(
                ctx.channel().eventLoop(), endpoint.get(), address, credential.get(), upstreamParameters);
        // A client that leaves while the upstream login runs must not leave that login (and a backend) behind.
        ctx.channel().closeFuture().addListener(closed -> upstream.cancel(false));
        upstream.addListener(f -> {
            if (f.isSuccess()) {
                establish(ctx, identity, granted, endpoint.get(), upstream.getNow(), readOnly);
            } else if (!f.isCancelled()) {
                refuseUpstream(ctx, identity, granted, f.cause());
            }
        });
    }

    /**
     * Tells the client its session could not be opened, without the details: upstream host names, addresses,
     * certificate subjects and the server's own text stay in the gateway log. A server's SQLSTATE is passed on
     * (a client may retry on 53300 or 57P03), except for authentication failures, which are the gateway's
     * credential's, not the client's.
     */
    private void refuseUpstream(ChannelHandlerContext ctx, Identity identity, SessionServices.Access.Granted granted,
            Throwable cause) {
        String reason = cause instanceof UpstreamLoginException ? cause.getMessage() : String.valueOf(cause);
        log.warn("upstream login failed: client={} subject={} target={} role={} reason={}",
                connection.remoteAddress(), LogSafe.quote(identity.subject()), granted.target(), granted.role(),
                LogSafe.quote(reason));
        ErrorResponse serverError = cause instanceof UpstreamLoginException login ? login.serverError() : null;
        String target = "target \"" + granted.target() + "\"";
        String unable = SqlState.SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION.code();
        if (serverError != null && serverError.sqlState() != null && !serverError.sqlState().startsWith("28")) {
            refuse(ctx, identity, LoginRefusals.UPSTREAM, serverError.sqlState(),
                    target + " refused the session (" + serverError.sqlState() + "); the gateway log has details");
        } else if (serverError != null) {
            refuse(ctx, identity, LoginRefusals.UPSTREAM, unable,
                    target + " refused the gateway's login; the gateway log has details");
        } else {
            refuse(ctx, identity, LoginRefusals.UPSTREAM, unable,
                    "cannot open a session on " + target + "; the gateway log has details");
        }
    }

    private void establish(ChannelHandlerContext ctx, Identity identity, SessionServices.Access.Granted granted,
            UpstreamEndpoint endpoint, UpstreamConnection upstream, boolean readOnly) {
        if (!ctx.channel().isActive()) {
            upstream.channel().close();
            return;
        }
        log.info("session opened: client={} subject={} groups={} target={} role={} grant={} tls={} readOnly={}",
                connection.remoteAddress(), LogSafe.quote(identity.subject()), LogSafe.quoteAll(identity.groups()), granted.target(),
                granted.role(), granted.grant(), connection.tlsProtocol(), readOnly);
        EstablishedSession.start(ctx, connection, services, endpoint, upstream, granted.role());
    }

    /**
     * Refuses the login: records the refusal when sessions are recorded, then sends it, whether or not the record
     * could be made.
     *
     * @param identity the verified identity, or null when the token was not verified
     */
    private void refuse(ChannelHandlerContext ctx, Identity identity, String failedCheck, String sqlState,
            String message) {
        services.controls().audit().ifPresent(recorder -> LoginRefusals.record(recorder, connection, identity,
                targetName(), failedCheck, sqlState, message));
        GatewayErrors.fatalAndClose(ctx.channel(), sqlState, message);
    }

    private String targetName() {
        String database = connection.startup().parameter("database");
        return database == null || database.isEmpty() ? connection.startup().parameter("user") : database;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ClientFailures.handle(connection, cause);
    }
}
