package io.hoopgw.server.session;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.SqlState;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.core.protocol.backend.ErrorResponse.Severity;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.TimeUnit;

/**
 * Gateway-made errors. Every message starts with {@code hoopgw:} so a user can tell the gateway's refusals from
 * the database's own errors.
 */
public final class GatewayErrors {
    /** How long a closing connection may take to flush before it is closed anyway. */
    private static final long CLOSE_GRACE_MILLIS = 2_000;

    private GatewayErrors() {
    }

    /** Builds a gateway error of the given severity. */
    public static ErrorResponse error(Severity severity, SqlState state, String message) {
        return error(severity, state.code(), message);
    }

    /** Builds a gateway error with a SQLSTATE passed on from elsewhere (the upstream's). */
    public static ErrorResponse error(Severity severity, String sqlState, String message) {
        return ErrorResponse.builder().severity(severity).sqlState(sqlState).message("hoopgw: " + message).build();
    }

    /**
     * Sends a FATAL error and closes the connection once it is written, or after a short grace period if the
     * peer does not read it: a client that never reads must not keep its connection (and its slot) open.
     */
    public static void fatalAndClose(Channel channel, SqlState state, String message) {
        fatalAndClose(channel, state.code(), message);
    }

    /** As {@link #fatalAndClose(Channel, SqlState, String)}, with a SQLSTATE code passed on from elsewhere. */
    public static void fatalAndClose(Channel channel, String sqlState, String message) {
        if (!channel.isActive()) {
            channel.close();
            return;
        }
        channel.writeAndFlush(encode(channel, error(Severity.FATAL, sqlState, message)))
                .addListener(ChannelFutureListener.CLOSE);
        closeAfterGrace(channel);
    }

    /**
     * A message as bytes, for channels that may have no encoder: an established session's pipelines carry only
     * the relay, so that relayed reads pass through nothing else.
     */
    public static ByteBuf encode(Channel channel, BackendMessage message) {
        ByteBuf out = channel.alloc().buffer();
        message.encode(out);
        return out;
    }

    /** A frontend message as bytes (to the upstream), for the same reason. */
    public static ByteBuf encode(Channel channel, FrontendMessage message) {
        ByteBuf out = channel.alloc().buffer();
        message.encode(out);
        return out;
    }

    /** Closes {@code channel} after the grace period unless it has closed by then. */
    public static void closeAfterGrace(Channel channel) {
        channel.eventLoop().schedule(() -> {
            if (channel.isOpen()) {
                channel.close();
            }
        }, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }
}
