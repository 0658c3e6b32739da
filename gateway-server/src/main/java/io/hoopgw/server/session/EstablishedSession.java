package io.hoopgw.server.session;

import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.SqlState;
import io.hoopgw.core.protocol.backend.AuthenticationOk;
import io.hoopgw.core.protocol.backend.BackendKeyData;
import io.hoopgw.core.protocol.backend.NoticeResponse;
import io.hoopgw.core.protocol.backend.ParameterStatus;
import io.hoopgw.core.protocol.backend.ReadyForQuery;
import io.hoopgw.core.protocol.backend.TransactionStatus;
import io.hoopgw.core.protocol.frontend.Terminate;
import io.hoopgw.server.conversation.Conversation;
import io.hoopgw.server.conversation.ConversationAbort;
import io.hoopgw.server.relay.FramedRelayHandler;
import io.hoopgw.server.relay.RelayDirection;
import io.hoopgw.server.relay.RelayHandler;
import io.hoopgw.server.relay.Verdict;
import io.hoopgw.server.upstream.UpstreamConnection;
import io.hoopgw.server.upstream.UpstreamEndpoint;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logged-in session: the client and its upstream relay to each other until either side ends it.
 *
 * <p>Ending is symmetric and tidy: a client that leaves gets its upstream session terminated; an upstream that
 * fails mid-session gets the client a FATAL error (when the stream to the client is at a message boundary, where
 * an error can be inserted) before the client connection closes.
 */
final class EstablishedSession implements RelayDirection.Events {
    private static final Logger log = LoggerFactory.getLogger(EstablishedSession.class);
    private static final byte TERMINATE = 'X';
    private static final byte READY_FOR_QUERY = 'Z';
    private static final byte QUERY = 'Q';
    private static final byte SYNC = 'S';
    private static final byte FUNCTION_CALL = 'F';
    private static final byte EXECUTE = 'E';
    private static final byte COPY_DONE = 'c';
    private static final byte COPY_FAIL = 'f';
    private static final byte COPY_IN_RESPONSE = 'G';
    private static final byte ERROR_RESPONSE = 'E';

    private final ClientConnection connection;
    private final SessionServices services;
    private final UpstreamEndpoint endpoint;
    private final Channel client;
    private final Channel upstream;
    private final CancelRegistry.Key cancelKey;
    private final UpstreamConnection upstreamLogin;
    private final String upstreamRole;
    private RelayDirection fromClient;
    private RelayDirection fromUpstream;
    private Conversation conversation;
    private final long startedNanos = System.nanoTime();
    private boolean clientTerminated;
    /** Why the gateway ended the session (the error the client was sent), for its record; null if it did not. */
    private String endReason;
    private boolean ending;
    /** Requests (Query, Sync, FunctionCall) the server has not yet answered with ReadyForQuery. */
    private int unanswered;
    /** Syncs the client sent since its last Query, Execute or FunctionCall, any of which may start a COPY. */
    private int syncsSinceRequest;
    /**
     * The server is in COPY FROM STDIN and the client has not ended it: PostgreSQL ignores Syncs meanwhile, and
     * answers none of them with ReadyForQuery.
     */
    private boolean copyingIn;

    private EstablishedSession(ClientConnection connection, SessionServices services, UpstreamEndpoint endpoint,
            UpstreamConnection upstream, String upstreamRole, CancelRegistry.Key cancelKey) {
        this.connection = connection;
        this.upstreamLogin = upstream;
        this.upstreamRole = upstreamRole;
        this.services = services;
        this.endpoint = endpoint;
        this.client = connection.channel();
        this.upstream = upstream.channel();
        this.cancelKey = cancelKey;
    }

    /**
     * Completes the client's login (AuthenticationOk, the server's parameters, the gateway's BackendKeyData,
     * ReadyForQuery) and starts relaying. Called on the client's event loop, which the upstream channel shares.
     */
    static void start(ChannelHandlerContext loginContext, ClientConnection connection, SessionServices services,
            UpstreamEndpoint endpoint, UpstreamConnection upstream, String upstreamRole) {
        BackendKeyData upstreamKey = upstream.backendKey();
        CancelRegistry.Key key = services.cancels().register(new SessionServices.CancelTarget(endpoint,
                upstreamKey == null ? 0 : upstreamKey.processId(),
                upstreamKey == null ? new byte[4] : upstreamKey.secretKey()));
        EstablishedSession session = new EstablishedSession(connection, services, endpoint, upstream, upstreamRole,
                key);
        session.greet(upstream);
        session.wire(loginContext);
    }

    private void greet(UpstreamConnection login) {
        client.write(AuthenticationOk.INSTANCE);
        for (ParameterStatus parameter : login.parameters()) {
            client.write(parameter);
        }
        for (NoticeResponse notice : login.notices()) {
            client.write(notice);
        }
        client.write(new BackendKeyData(cancelKey.processId(), cancelKey.secret()));
        client.writeAndFlush(new ReadyForQuery(TransactionStatus.IDLE));
    }

    private void wire(ChannelHandlerContext loginContext) {
        ChannelHandler clientRelay;
        ChannelHandler upstreamRelay;
        DataPathControls controls = services.controls();
        if (controls.any()) {
            conversation = Conversation.open(controls, connection.identity(), endpoint.targetName(), upstreamRole,
                    connection.auditInfo(), client, upstream, this::cancelUpstream);
            FramedRelayHandler.Inspector clientMessages = conversation.clientMessages();
            FramedRelayHandler framedClient = new FramedRelayHandler(upstream, services.limits().maxMessageLength(),
                    (tag, buffer, index, length) -> {
                        Verdict verdict = clientMessages.inspect(tag, buffer, index, length);
                        if (verdict != Verdict.DROP) {
                            // A message dropped after a refusal (up to Sync) gets no answer: not a request.
                            onClientHeader(tag, length);
                        }
                        return verdict;
                    }, this);
            FramedRelayHandler.Inspector serverMessages = conversation.serverMessages();
            FramedRelayHandler framedUpstream = new FramedRelayHandler(client, Integer.MAX_VALUE,
                    (tag, buffer, index, length) -> {
                        onUpstreamHeader(tag, length);
                        return serverMessages.inspect(tag, buffer, index, length);
                    }, this);
            FramedRelayHandler.pair(framedClient, framedUpstream);
            fromClient = framedClient;
            fromUpstream = framedUpstream;
            clientRelay = framedClient;
            upstreamRelay = framedUpstream;
        } else {
            RelayHandler plainClient = new RelayHandler(upstream, services.limits().maxMessageLength(),
                    this::onClientHeader, this);
            RelayHandler plainUpstream = new RelayHandler(client, Integer.MAX_VALUE, this::onUpstreamHeader, this);
            fromClient = plainClient;
            fromUpstream = plainUpstream;
            clientRelay = plainClient;
            upstreamRelay = plainUpstream;
        }

        ChannelPipeline clientPipeline = client.pipeline();
        // Handler first, decoder second: bytes the decoder still holds are handed on to the relay.
        clientPipeline.replace(loginContext.handler(), "relay", clientRelay);
        clientPipeline.remove(ClientChannelInitializer.DECODER);
        clientPipeline.remove(ClientChannelInitializer.ENCODER);
        clientPipeline.remove(ClientChannelInitializer.STARTUP_TIMEOUT);
        if (!services.limits().idleTimeout().isZero()) {
            clientPipeline.addBefore("relay", "idle", new IdleStateHandler(
                    0, 0, services.limits().idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
            clientPipeline.addAfter("idle", "idleClose", new IdleClose());
        }

        ChannelPipeline upstreamPipeline = upstream.pipeline();
        upstreamPipeline.addLast("relay", upstreamRelay);
        upstreamPipeline.remove("backendDecoder");
        upstreamPipeline.remove("encoder");

        connection.markEstablished(this);
        client.closeFuture().addListener(f -> {
            services.cancels().remove(cancelKey);
            if (conversation != null) {
                conversation.ended(endReason != null ? endReason
                        : clientTerminated ? "client terminated" : "connection closed");
            }
            log.info("session closed: client={} subject={} target={} duration={}ms", connection.remoteAddress(),
                    LogSafe.quote(connection.identity().subject()), endpoint.targetName(),
                    (System.nanoTime() - startedNanos) / 1_000_000);
        });
        upstream.config().setAutoRead(true);
        client.config().setAutoRead(true);
    }

    private void onClientHeader(byte tag, int length) {
        switch (tag) {
            case QUERY, FUNCTION_CALL -> {
                unanswered++;
                syncsSinceRequest = 0;
            }
            case EXECUTE -> syncsSinceRequest = 0;
            case SYNC -> {
                if (!copyingIn) {
                    unanswered++;
                    syncsSinceRequest++;
                }
            }
            case COPY_DONE, COPY_FAIL -> copyingIn = false;
            case TERMINATE -> clientTerminated = true;
            default -> {
            }
        }
    }

    private void onUpstreamHeader(byte tag, int length) {
        switch (tag) {
            case READY_FOR_QUERY -> {
                if (unanswered > 0) {
                    unanswered--;
                }
            }
            case COPY_IN_RESPONSE -> {
                // The Syncs the client sent right behind the statement that started the COPY (libpq and
                // tokio-postgres send one before they know it is a COPY) reach the server in COPY mode: ignored.
                unanswered = Math.max(0, unanswered - syncsSinceRequest);
                syncsSinceRequest = 0;
                copyingIn = true;
            }
            // An error ends COPY mode on the server's side: the client's next Sync is answered again.
            case ERROR_RESPONSE -> copyingIn = false;
            default -> {
            }
        }
    }

    /** Sends a CancelRequest for the upstream session, to its already resolved address. */
    private io.netty.util.concurrent.Future<?> cancelUpstream() {
        BackendKeyData key = upstreamLogin.backendKey();
        if (key == null || !(upstream.remoteAddress() instanceof InetSocketAddress address)) {
            return upstream.eventLoop().newSucceededFuture(null);
        }
        return services.connector().cancel(upstream.eventLoop(), endpoint, address, key.processId(),
                key.secretKey());
    }

    /** Ends the session because the gateway is shutting down, as PostgreSQL's fast shutdown does. */
    void shutdown() {
        endUpstreamTidily();
        failClient(SqlState.ADMIN_SHUTDOWN, "terminating connection due to administrator command");
    }

    @Override
    public void protocolViolation(RelayDirection source, ProtocolException cause) {
        if (source == fromClient) {
            log.info("protocol violation from {}: {}", connection.remoteAddress(), cause.getMessage());
            endUpstreamTidily();
            failClient(SqlState.PROTOCOL_VIOLATION, "invalid frontend message: " + cause.getMessage());
        } else {
            log.warn("target {} sent an invalid message: {}", endpoint.targetName(), cause.getMessage());
            upstream.close();
            failClient(SqlState.CONNECTION_FAILURE, "target \"" + endpoint.targetName() + "\" broke the protocol");
        }
    }

    @Override
    public void closed(RelayDirection source) {
        if (source == fromClient) {
            endUpstreamTidily();
        } else if (!clientTerminated && client.isActive()) {
            log.warn("target {} closed the session of {}", endpoint.targetName(), connection.remoteAddress());
            failClient(SqlState.CONNECTION_FAILURE,
                    "lost the connection to target \"" + endpoint.targetName() + "\"");
        } else {
            closeAfterFlush(client);
        }
    }

    @Override
    public void failed(RelayDirection source, Throwable cause) {
        if (cause instanceof ConversationAbort abort) {
            log.warn("ending the session of {}: {}", connection.remoteAddress(), abort.getMessage());
            endUpstreamTidily();
            failClient(abort.state(), abort.getMessage());
            return;
        }
        if (!(cause instanceof java.io.IOException)) {
            // A failure of the gateway's own checks (a bug, or a record that cannot be made): never relay on
            // unchecked.
            log.error("session of {} failed", connection.remoteAddress(), cause);
            endUpstreamTidily();
            failClient(SqlState.INTERNAL_ERROR, "the gateway failed to process this session");
            return;
        }
        log.debug("I/O failure on the {} side of {}: {}", source == fromClient ? "client" : "upstream",
                connection.remoteAddress(), cause.toString());
        if (source == fromClient) {
            client.close();
        } else {
            upstream.close();
        }
    }

    /**
     * Ends the upstream session as a client would: Terminate, when the stream allows it, then close. An upstream
     * that is not reading (its buffer full because the client stopped reading) is closed at once: waiting on it
     * would leave its backend blocked forever.
     */
    private void endUpstreamTidily() {
        if (ending) {
            return;
        }
        ending = true;
        if (upstream.isActive() && !clientTerminated && fromClient.atBoundary() && upstream.isWritable()) {
            upstream.writeAndFlush(GatewayErrors.encode(upstream, Terminate.INSTANCE))
                    .addListener(ChannelFutureListener.CLOSE);
            GatewayErrors.closeAfterGrace(upstream);
        } else {
            closeAfterFlush(upstream);
        }
    }

    private void failClient(SqlState state, String message) {
        if (endReason == null) {
            endReason = message;
        }
        if (fromUpstream.atBoundary()) {
            GatewayErrors.fatalAndClose(client, state, message);
        } else {
            client.close();
        }
    }

    /** Closes after what is queued has been written, if the peer is reading; at once if it is not. */
    private static void closeAfterFlush(Channel channel) {
        if (channel.isActive() && channel.isWritable()) {
            channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            GatewayErrors.closeAfterGrace(channel);
        } else {
            channel.close();
        }
    }

    /**
     * Closes a session that waited for its client, with no traffic, for the idle timeout. A long-running
     * statement is not idleness: as with PostgreSQL's {@code idle_session_timeout}, only a session whose last
     * request has been answered counts as idle.
     */
    private final class IdleClose extends ChannelDuplexHandler {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent && unanswered == 0) {
                log.info("closing idle session of {}", connection.remoteAddress());
                endUpstreamTidily();
                failClient(SqlState.IDLE_SESSION_TIMEOUT, "terminating connection due to idle-session timeout");
            } else if (!(evt instanceof IdleStateEvent)) {
                super.userEventTriggered(ctx, evt);
            }
        }
    }
}
