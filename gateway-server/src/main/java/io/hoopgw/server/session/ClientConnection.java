package io.hoopgw.server.session;

import io.hoopgw.audit.ConnectionInfo;
import io.hoopgw.core.auth.Identity;
import io.hoopgw.core.protocol.SqlState;
import io.hoopgw.core.protocol.frontend.StartupMessage;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * What the gateway knows about one client connection as it moves through startup, login and the session.
 * Confined to the connection's event loop.
 */
public final class ClientConnection {
    private final Channel channel;
    private final ListenerSettings listener;
    private boolean overConnectionLimit;
    private boolean sslRequested;
    private boolean gssRequested;
    private StartupMessage startup;
    private Identity identity;
    private boolean established;
    private EstablishedSession session;

    ClientConnection(Channel channel, ListenerSettings listener) {
        this.channel = channel;
        this.listener = listener;
    }

    void overConnectionLimit(boolean over) {
        this.overConnectionLimit = over;
    }

    /** The client channel. */
    public Channel channel() {
        return channel;
    }

    /**
     * Notes an SSLRequest; false when one came before. A client makes each encryption request at most once, and
     * a gateway that answered repeats would let an unauthenticated client keep it writing forever.
     */
    boolean firstSslRequest() {
        boolean first = !sslRequested;
        sslRequested = true;
        return first;
    }

    /** Notes a GSSENCRequest; false when one came before. */
    boolean firstGssRequest() {
        boolean first = !gssRequested;
        gssRequested = true;
        return first;
    }

    ListenerSettings listener() {
        return listener;
    }

    boolean overConnectionLimit() {
        return overConnectionLimit;
    }

    /** The client's address, for logs and records. */
    public String remoteAddress() {
        SocketAddress address = channel.remoteAddress();
        return address instanceof InetSocketAddress inet
                ? inet.getAddress().getHostAddress() + ":" + inet.getPort() : String.valueOf(address);
    }

    /** Whether the client negotiated TLS. */
    public boolean tls() {
        return channel.pipeline().get(SslHandler.class) != null;
    }

    /** The negotiated TLS protocol version, or null without TLS. */
    public String tlsProtocol() {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        return ssl == null ? null : ssl.engine().getSession().getProtocol();
    }

    /** Where the session comes from, for audit records. */
    public ConnectionInfo auditInfo() {
        SocketAddress address = channel.remoteAddress();
        String host = address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress()
                : String.valueOf(address);
        int port = address instanceof InetSocketAddress inet ? inet.getPort() : 0;
        return new ConnectionInfo(host, port, tlsProtocol(),
                startup == null ? java.util.Map.of() : startup.parameters());
    }

    /** The client's StartupMessage, once received. */
    public StartupMessage startup() {
        return startup;
    }

    void startup(StartupMessage message) {
        this.startup = message;
    }

    /** The verified identity, once the token has been accepted. */
    public Identity identity() {
        return identity;
    }

    void identity(Identity verified) {
        this.identity = verified;
    }

    /** Whether the session is established (the relay is running). */
    public boolean established() {
        return established;
    }

    void markEstablished(EstablishedSession established) {
        this.established = true;
        this.session = established;
    }

    /** Ends this connection because the gateway is shutting down. Runs on the connection's event loop. */
    void shutdown() {
        if (session != null) {
            session.shutdown();
        } else {
            GatewayErrors.fatalAndClose(channel, SqlState.ADMIN_SHUTDOWN, "the gateway is shutting down");
        }
    }
}
