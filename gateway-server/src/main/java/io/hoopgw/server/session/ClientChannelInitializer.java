package io.hoopgw.server.session;

import io.hoopgw.core.protocol.SqlState;
import io.hoopgw.core.protocol.codec.FrontendStartupDecoder;
import io.hoopgw.core.protocol.codec.ProtocolEncoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up a new client connection: counts it against the connection limit, starts its startup timer, and installs
 * the startup-phase decoder and handler.
 */
public final class ClientChannelInitializer extends ChannelInitializer<Channel> {
    static final String DECODER = "decoder";
    static final String ENCODER = "encoder";
    static final String STARTUP_TIMEOUT = "startupTimeout";

    private final ListenerSettings listener;
    private final SessionServices services;
    private final ClientConnections connections;

    /**
     * @param connections the gateway's open client connections, shared by all listeners
     */
    public ClientChannelInitializer(ListenerSettings listener, SessionServices services,
            ClientConnections connections) {
        this.listener = listener;
        this.services = services;
        this.connections = connections;
    }

    @Override
    protected void initChannel(Channel channel) {
        ClientConnection connection = new ClientConnection(channel, listener);
        connection.overConnectionLimit(connections.add(connection, services.limits().maxConnections()));
        SessionServices.Limits limits = services.limits();
        channel.pipeline()
                .addLast(STARTUP_TIMEOUT, new StartupTimeout(connection, limits.startupTimeout().toMillis()))
                .addLast(DECODER, new FrontendStartupDecoder(limits.maxStartupPacket(), limits.maxStartupParameters()))
                .addLast(ENCODER, ProtocolEncoder.INSTANCE)
                .addLast("startup", new StartupHandler(connection, services));
    }

    /** Closes a connection that has not reached an established session in time. */
    private static final class StartupTimeout extends ChannelInboundHandlerAdapter {
        private static final Logger log = LoggerFactory.getLogger(StartupTimeout.class);
        private final ClientConnection connection;
        private final long timeoutMillis;
        private ScheduledFuture<?> timer;

        StartupTimeout(ClientConnection connection, long timeoutMillis) {
            this.connection = connection;
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            timer = ctx.executor().schedule(() -> {
                if (!connection.established() && ctx.channel().isActive()) {
                    log.info("startup timeout for {}", connection.remoteAddress());
                    GatewayErrors.fatalAndClose(ctx.channel(), SqlState.QUERY_CANCELED,
                            "canceling authentication due to timeout");
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
            ctx.fireChannelActive();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }
}
