package io.hoopgw.server;

import io.hoopgw.audit.store.AuditWriter;
import io.hoopgw.core.auth.TokenVerifier;
import io.hoopgw.server.access.GrantResolver;
import io.hoopgw.server.config.GatewayConfig;
import io.hoopgw.server.config.LimitsConfig;
import io.hoopgw.server.config.ListenerConfig;
import io.hoopgw.server.session.CancelRegistry;
import io.hoopgw.server.session.ClientChannelInitializer;
import io.hoopgw.server.session.ClientConnections;
import io.hoopgw.server.session.ListenerSettings;
import io.hoopgw.server.session.DataPathControls;
import io.hoopgw.server.session.SessionServices;
import io.hoopgw.server.tls.TlsMaterialException;
import io.hoopgw.server.upstream.UpstreamConnector;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: its listeners, event loops and the services its sessions share.
 *
 * <p>Client and upstream channels of a session share one event loop, so relaying never hands a buffer to another
 * thread. The default is a single event-loop thread: on a small machine shared with PostgreSQL, a second loop cost
 * more in contention than it gained (see STYLE.md's measurements); {@code limits.eventLoopThreads} raises it.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    private static final int VERIFIER_THREADS = 4;
    private static final int VERIFIER_QUEUE = 1024;
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(3);
    /** The audit writer retries a failed store every second; checking as often notices a change promptly. */
    private static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(1);
    /** Connect, TLS and login together; past the 10 s connect timeout, so a slow connect still fails as a connect. */

    private final EventLoopGroup eventLoops;
    private final ExecutorService blockingExecutor;
    private final List<Channel> listeners;
    private final ClientConnections connections;
    private final CancelRegistry<SessionServices.CancelTarget> cancels;
    private final UpstreamConnector connector;
    private final ConfiguredControls controls;
    private final GatewayHealth health;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Gateway(EventLoopGroup eventLoops, ExecutorService blockingExecutor, List<Channel> listeners,
            ClientConnections connections, CancelRegistry<SessionServices.CancelTarget> cancels,
            UpstreamConnector connector, ConfiguredControls controls) {
        this.eventLoops = eventLoops;
        this.blockingExecutor = blockingExecutor;
        this.listeners = listeners;
        this.connections = connections;
        this.cancels = cancels;
        this.connector = connector;
        this.controls = controls;
        this.health = new GatewayHealth(controls.controls());
        if (health.watched()) {
            eventLoops.next().scheduleAtFixedRate(health::check, HEALTH_CHECK_INTERVAL.toMillis(),
                    HEALTH_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Binds every listener and starts serving, with the data-path controls the configuration asks for (an audit
     * recorder, which the gateway closes when it closes).
     *
     * @param config   the validated configuration
     * @param verifier checks client tokens
     * @param stateDir where generated state (a self-signed certificate) is kept
     * @throws IOException when the audit directory cannot be created or written
     */
    public static Gateway start(GatewayConfig config, TokenVerifier verifier, Path stateDir)
            throws InterruptedException, TlsMaterialException, IOException {
        ConfiguredControls controls = ConfiguredControls.open(config);
        boolean started = false;
        try {
            Gateway gateway = start(config, verifier, stateDir, controls);
            started = true;
            return gateway;
        } finally {
            if (!started) {
                controls.close();
            }
        }
    }

    /**
     * Binds every listener and starts serving, with data-path controls built by the caller (who keeps ownership of
     * them: closing the gateway does not close a recorder passed here).
     *
     * @param config   the validated configuration
     * @param verifier checks client tokens
     * @param stateDir where generated state (a self-signed certificate) is kept
     * @param controls recording, policy and masking for every session
     */
    public static Gateway start(GatewayConfig config, TokenVerifier verifier, Path stateDir,
            DataPathControls controls) throws InterruptedException, TlsMaterialException {
        return start(config, verifier, stateDir, ConfiguredControls.provided(controls));
    }

    private static Gateway start(GatewayConfig config, TokenVerifier verifier, Path stateDir,
            ConfiguredControls controls) throws InterruptedException, TlsMaterialException {
        GatewayTransport transport = GatewayTransport.best();
        LimitsConfig limits = config.limits();
        ConfiguredTargets targets = ConfiguredTargets.from(config);
        EventLoopGroup eventLoops = transport.newEventLoopGroup(limits.eventLoopThreads());
        for (EventExecutor loop : eventLoops) {
            // The statements an event loop reads in one poll, from all its sessions, share one audit group commit.
            loop.execute(() -> AuditWriter.wakeAfterCurrentWork(loop));
        }
        ExecutorService blocking = new ThreadPoolExecutor(VERIFIER_THREADS, VERIFIER_THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(VERIFIER_QUEUE), new io.netty.util.concurrent.DefaultThreadFactory(
                        "hoopgw-verify", true));
        ClientConnections connections = new ClientConnections();
        CancelRegistry<SessionServices.CancelTarget> cancels = new CancelRegistry<>();
        GrantResolver grants = new GrantResolver(config);
        UpstreamConnector connector = new UpstreamConnector(transport.channelType(), limits.upstreamConnectTimeout(),
                limits.upstreamLoginTimeout());
        SessionServices services = new SessionServices(
                verifier,
                blocking,
                new ConfiguredAccess(grants),
                targets,
                connector,
                cancels,
                new SessionServices.Limits(limits.maxMessageSize(), limits.maxStartupPacket(),
                        limits.maxStartupParameters(), limits.maxConnections(), limits.startupTimeout(),
                        limits.idleTimeout()),
                controls.controls());
        List<Channel> bound = new ArrayList<>();
        try {
            for (ListenerConfig listener : config.listeners()) {
                SslContext tls = ListenerTlsContexts.forListener(listener, stateDir);
                Channel channel = new ServerBootstrap()
                        .group(eventLoops)
                        .channel(transport.serverChannelType())
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        // Finds clients that vanished (NAT expiry, a sleeping laptop) so their sessions end.
                        .childOption(ChannelOption.SO_KEEPALIVE, true)
                        .childOption(ChannelOption.AUTO_READ, true)
                        .childHandler(new ClientChannelInitializer(
                                new ListenerSettings(tls, listener.allowPlaintext()), services, connections))
                        .bind(listener.host(), listener.port())
                        .sync()
                        .channel();
                bound.add(channel);
                log.info("listening on {} (tls={}, plaintext allowed={}, transport={})", channel.localAddress(),
                        tls != null, listener.allowPlaintext(), transport.name());
            }
        } catch (Exception e) {
            // Also a BindException, which Netty's sync() rethrows unchecked.
            bound.forEach(Channel::close);
            eventLoops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            blocking.shutdownNow();
            throw e;
        }
        return new Gateway(eventLoops, blocking, bound, connections, cancels, connector, controls);
    }

    /** The bound address of each listener, in configuration order (a port 0 in the configuration is resolved). */
    public List<InetSocketAddress> addresses() {
        return listeners.stream().map(channel -> (InetSocketAddress) channel.localAddress()).toList();
    }

    /** The first listener's port. */
    public int port() {
        return addresses().get(0).getPort();
    }

    /** Open client connections, in any phase. */
    public int connections() {
        return connections.size();
    }

    /** Established sessions. */
    public int sessions() {
        return cancels.size();
    }

    /**
     * Whether the gateway can do its whole job: true while no data-path control reports a failure (an audit store
     * that cannot write makes it false until the store writes again). The gateway also checks this every second
     * and logs each change.
     */
    public boolean healthy() {
        return health.check();
    }

    /** How many upstream sessions the gateway has tried to open since it started. */
    public long upstreamConnectAttempts() {
        return connector.attempts();
    }

    /**
     * Stops listening, ends every connection in an orderly way (the client gets {@code 57P01}, its upstream
     * session a Terminate), stops the event loops, and then closes the recorder it opened, so that the records of
     * the sessions' ends are written and sealed. Safe to call more than once.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        listeners.forEach(channel -> channel.close().syncUninterruptibly());
        try {
            connections.shutdownAll(SHUTDOWN_GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        eventLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        blockingExecutor.shutdownNow();
        controls.close();
    }
}
