package io.hoopgw.server.session;

import io.hoopgw.core.protocol.SqlState;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.core.protocol.backend.ErrorResponse.Severity;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

/**
 * Gateway-made errors. Every message starts with {@code hoopgw:} so a user can tell the gateway's refusals from
 * the database's own errors.
 */
public final class GatewayErrors {
    private GatewayErrors() {
    }

    /** Builds a gateway error of the given severity. */
    public static ErrorResponse error(Severity severity, SqlState state, String message) {
        return ErrorResponse.builder().severity(severity).sqlState(state).message("hoopgw: " + message).build();
    }

    /** Sends a FATAL error and closes the connection once it is written. */
    public static void fatalAndClose(Channel channel, SqlState state, String message) {
        if (!channel.isActive()) {
            channel.close();
            return;
        }
        channel.writeAndFlush(error(Severity.FATAL, state, message)).addListener(ChannelFutureListener.CLOSE);
    }
}
