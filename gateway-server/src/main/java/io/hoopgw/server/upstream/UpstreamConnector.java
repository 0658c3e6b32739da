package io.hoopgw.server.upstream;

import io.hoopgw.core.protocol.codec.BackendDecoder;
import io.hoopgw.core.protocol.codec.ProtocolEncoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Opens upstream sessions: TCP connect on the client's own event loop (so relaying never crosses threads), TLS
 * negotiation when the target asks for it, then the gateway's login, all within one login deadline.
 */
public final class UpstreamConnector {
    private static final String LOGIN_FAILURE = "loginFailure";
    /**
     * The largest message accepted during login. Login messages are small (the biggest, an ErrorResponse or a
     * SASL message, a few KiB); once logged in, the relay frames without a cap, as results may be large.
     */
    static final int MAX_LOGIN_MESSAGE = 1 << 20;

    private final Class<? extends Channel> channelType;
    private final Duration connectTimeout;
    private final Duration loginTimeout;
    private final java.util.concurrent.atomic.LongAdder attempts = new java.util.concurrent.atomic.LongAdder();

    /**
     * @param channelType    the socket channel class matching the event loops in use (epoll or NIO)
     * @param connectTimeout TCP connect timeout
     * @param loginTimeout   how long connect, TLS negotiation and login may take together; a server that stalls
     *                       any of them must not hold a connection (and a client) forever
     */
    public UpstreamConnector(Class<? extends Channel> channelType, Duration connectTimeout, Duration loginTimeout) {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || loginTimeout.isNegative()
                || loginTimeout.isZero()) {
            throw new IllegalArgumentException("connect and login timeouts must be positive");
        }
        this.channelType = channelType;
        this.connectTimeout = connectTimeout;
        this.loginTimeout = loginTimeout;
    }

    /**
     * Connects and logs in.
     *
     * <p>Cancelling the returned future ({@code cancel(false)} is enough) closes the upstream channel, wherever the
     * login had got to; so does failure, including the login deadline passing.
     *
     * @param loop              the event loop the new channel will use (the client's)
     * @param endpoint          the target; its {@code host} is still the TLS SNI name and the name verified
     * @param address           the target's address, already resolved (see {@link #resolve}): a DNS look-up
     *                          here would block the event loop
     * @param sessionParameters startup parameters to pass on besides user and database
     * @return completes with the logged-in connection, or fails with {@link UpstreamLoginException}
     */
    public Future<UpstreamConnection> connect(EventLoop loop, UpstreamEndpoint endpoint, InetSocketAddress address,
            UpstreamCredential credential, Map<String, String> sessionParameters) {
        requireResolved(address);
        attempts.increment();
        Promise<UpstreamConnection> promise = loop.newPromise();
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                // Sessions can sit idle for hours; keepalive finds an upstream that vanished without a FIN (a
                // rebooted host, a NAT or firewall that dropped the flow) and keeps such middleboxes' state alive.
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(LOGIN_FAILURE, new LoginFailureSink(promise));
                        if (endpoint.tls() != null) {
                            ch.pipeline().addBefore(LOGIN_FAILURE, "tlsNegotiation", new TlsNegotiation(endpoint,
                                    new TlsNegotiation.Outcome() {
                                        @Override
                                        public void secured(Channel secured, byte[] channelBinding) {
                                            startLogin(secured, endpoint, credential, sessionParameters,
                                                    channelBinding, promise);
                                        }

                                        @Override
                                        public void failed(UpstreamLoginException failure) {
                                            promise.tryFailure(failure);
                                        }
                                    }));
                        } else {
                            startLogin(ch, endpoint, credential, sessionParameters, null, promise);
                        }
                    }
                });
        ChannelFuture connected = bootstrap.connect(address);
        connected.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                promise.tryFailure(new UpstreamLoginException("cannot connect to " + endpoint.host() + ":"
                        + endpoint.port() + " (" + address.getAddress().getHostAddress() + "): "
                        + f.cause().getMessage(), f.cause()));
            }
        });
        ScheduledFuture<?> deadline = loop.schedule(() -> {
            promise.tryFailure(new UpstreamLoginException("target '" + endpoint.targetName()
                    + "' did not complete the login within " + loginTimeout.toMillis() + " ms"));
        }, loginTimeout.toNanos(), TimeUnit.NANOSECONDS);
        // Failure, the deadline and cancellation all end here: whoever gives up on the login closes the channel.
        promise.addListener(f -> {
            deadline.cancel(false);
            if (!f.isSuccess()) {
                connected.channel().close();
            } else if (connected.channel().pipeline().get(LOGIN_FAILURE) != null) {
                // Runs before the caller's listeners: the session adds its relay to a pipeline without it.
                connected.channel().pipeline().remove(LOGIN_FAILURE);
            }
        });
        return promise;
    }

    /** How many upstream sessions this connector has tried to open (an operational metric). */
    public long attempts() {
        return attempts.sum();
    }

    /**
     * Resolves the target's host name to the address to connect to. Blocking (a DNS look-up): call it off the event
     * loop. An IP address literal is returned without a look-up.
     *
     * @throws UnknownHostException when the name does not resolve
     */
    public static InetSocketAddress resolve(UpstreamEndpoint endpoint) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(endpoint.host()), endpoint.port());
    }

    private static void requireResolved(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("address " + address + " is unresolved; resolve it off the event loop");
        }
    }

    /**
     * Sends a CancelRequest for an upstream session; fire and forget, as PostgreSQL answers a cancel with nothing.
     * For a target with TLS the request goes inside a TLS session (SSLRequest and handshake first, as libpq 17
     * does), so the session's cancel key never crosses the network in clear; if TLS cannot be set up, the cancel is
     * dropped rather than sent in plaintext. The connection is closed within the login timeout whatever happens.
     *
     * @param address the target's address, already resolved (see {@link #resolve})
     * @return completes when the cancel connection has closed: the server has signalled its backend by then
     */
    public ChannelFuture cancel(EventLoop loop, UpstreamEndpoint endpoint, InetSocketAddress address, int processId,
            byte[] secretKey) {
        requireResolved(address);
        ChannelFuture connected = new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        boolean tls = endpoint.tls() != null;
                        if (tls) {
                            ch.pipeline().addLast("tlsNegotiation", new TlsNegotiation(endpoint,
                                    TlsNegotiation.outcome(CancelSender::send, failure -> ch.close())));
                        }
                        ch.pipeline().addLast("cancel", new CancelSender(processId, secretKey, tls));
                    }
                })
                .connect(address);
        Channel ch = connected.channel();
        ScheduledFuture<?> deadline = loop.schedule(() -> {
            ch.close();
        }, loginTimeout.toNanos(), TimeUnit.NANOSECONDS);
        ch.closeFuture().addListener(f -> deadline.cancel(false));
        return ch.closeFuture();
    }

    private static void startLogin(Channel ch, UpstreamEndpoint endpoint, UpstreamCredential credential,
            Map<String, String> sessionParameters, byte[] channelBinding, Promise<UpstreamConnection> promise) {
        ch.pipeline().addBefore(LOGIN_FAILURE, "backendDecoder", new BackendDecoder(MAX_LOGIN_MESSAGE));
        ch.pipeline().addBefore(LOGIN_FAILURE, "encoder", ProtocolEncoder.INSTANCE);
        ch.pipeline().addBefore(LOGIN_FAILURE, "login", new UpstreamLoginHandler(
                credential, endpoint, sessionParameters, channelBinding, promise));
    }

    /**
     * The last handler while logging in. Once {@link TlsNegotiation} has replaced itself with the SslHandler,
     * nothing else catches a handshake failure's exception, which the handshake future has already reported through
     * the promise; without this handler Netty would log it again as unhandled at the pipeline's tail.
     */
    private static final class LoginFailureSink extends io.netty.channel.ChannelInboundHandlerAdapter {
        private final Promise<UpstreamConnection> promise;

        LoginFailureSink(Promise<UpstreamConnection> promise) {
            this.promise = promise;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            promise.tryFailure(new UpstreamLoginException("upstream connection failed during login: "
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause));
            ctx.close();
        }
    }

    /** Writes one CancelRequest and closes: at once, or (for TLS) once the handshake has succeeded. */
    private static final class CancelSender extends io.netty.channel.ChannelInboundHandlerAdapter {
        private static final int CANCEL_REQUEST_CODE = 80877102;
        private final int processId;
        private final byte[] secretKey;
        private final boolean afterTls;

        CancelSender(int processId, byte[] secretKey, boolean afterTls) {
            this.processId = processId;
            this.secretKey = secretKey;
            this.afterTls = afterTls;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (!afterTls) {
                send(ctx.channel());
            }
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            io.netty.util.ReferenceCountUtil.release(msg); // the server answers a cancel with nothing but its close
        }

        /** Writes the request from the pipeline's tail, so that it passes through the TLS handler if there is one. */
        static void send(Channel channel) {
            CancelSender sender = channel.pipeline().get(CancelSender.class);
            ByteBuf request = channel.alloc().buffer(12 + sender.secretKey.length)
                    .writeInt(12 + sender.secretKey.length).writeInt(CANCEL_REQUEST_CODE).writeInt(sender.processId)
                    .writeBytes(sender.secretKey);
            // The server closes the connection once it has signalled the backend, as libpq waits for; until then the
            // cancel may not have taken effect (the deadline closes it if the server never does).
            channel.writeAndFlush(request).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
