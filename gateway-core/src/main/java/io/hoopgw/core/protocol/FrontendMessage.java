package io.hoopgw.core.protocol;

import io.netty.buffer.ByteBuf;

/**
 * A message a client sends to a PostgreSQL server, one type per message of the protocol documentation's
 * "Message Formats" chapter (package {@code io.hoopgw.core.protocol.frontend}).
 *
 * <p>Not {@code sealed}: the permitted types live in a sibling package, which Java allows only inside a named
 * module, and the gateway modules stay on the class path so that they embed anywhere.
 */
public interface FrontendMessage {

    /**
     * Writes this message as one complete frame (tag, length, body) to {@code out}.
     *
     * @param out the buffer to append to; not released by this method
     */
    void encode(ByteBuf out);
}
