package io.hoopgw.core.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A message a PostgreSQL server sends to a client, one type per message of the protocol documentation's
 * "Message Formats" chapter (package {@code io.hoopgw.core.protocol.backend}).
 *
 * <p>Not {@code sealed} for the reason given on {@link FrontendMessage}.
 */
public interface BackendMessage {

    /**
     * Writes this message as one complete frame (tag, length, body) to {@code out}.
     *
     * @param out the buffer to append to; not released by this method
     */
    void encode(ByteBuf out);
}
