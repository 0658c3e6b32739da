package io.hoopgw.server.session;

import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.SqlState;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when something goes wrong on a client connection before the session is established: the gateway
 * answers protocol violations with {@code 08P01}, drops broken transports quietly, and never lets an exception
 * escape the pipeline.
 */
final class ClientFailures {
    private static final Logger log = LoggerFactory.getLogger(ClientFailures.class);

    private ClientFailures() {
    }

    static void handle(ClientConnection connection, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof ProtocolException violation) {
            log.info("protocol violation from {}: {}", connection.remoteAddress(), violation.getMessage());
            GatewayErrors.fatalAndClose(connection.channel(), SqlState.PROTOCOL_VIOLATION,
                    "invalid frontend message: " + violation.getMessage());
        } else if (root instanceof NotSslRecordException) {
            // Its message is a hex dump of whatever the client sent: not for the log.
            log.debug("non-TLS bytes from {} after it asked for TLS", connection.remoteAddress());
            connection.channel().close();
        } else if (root instanceof SSLException) {
            // TLS exception messages can carry client bytes (an invalid SNI name, for one).
            log.debug("TLS failure with {}: {}", connection.remoteAddress(), LogSafe.quote(root.getMessage()));
            connection.channel().close();
        } else if (root instanceof IOException) {
            log.debug("connection from {} failed: {}", connection.remoteAddress(), root.toString());
            connection.channel().close();
        } else {
            log.warn("unexpected failure on connection from {}", connection.remoteAddress(), root);
            GatewayErrors.fatalAndClose(connection.channel(), SqlState.INTERNAL_ERROR,
                    "internal error; the gateway log has details");
        }
    }
}
