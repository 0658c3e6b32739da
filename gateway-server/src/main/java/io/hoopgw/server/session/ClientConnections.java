package io.hoopgw.server.session;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open client connections of a gateway, in every phase: counted against the connection limit, and ended
 * together, in an orderly way, when the gateway shuts down.
 */
public final class ClientConnections {
    private final Set<ClientConnection> open = ConcurrentHashMap.newKeySet();

    /** Registers a new connection until its channel closes; says whether it is over {@code limit}. */
    boolean add(ClientConnection connection, int limit) {
        open.add(connection);
        connection.channel().closeFuture().addListener(f -> open.remove(connection));
        return open.size() > limit;
    }

    /** How many client connections are open. */
    public int size() {
        return open.size();
    }

    /**
     * Ends every connection as PostgreSQL does on a fast shutdown: established sessions end their upstream
     * session and tell the client {@code 57P01}; connections still logging in are refused with it. Waits up to
     * {@code grace} for the connections to close.
     */
    public void shutdownAll(Duration grace) throws InterruptedException {
        for (ClientConnection connection : open) {
            connection.channel().eventLoop().execute(connection::shutdown);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
