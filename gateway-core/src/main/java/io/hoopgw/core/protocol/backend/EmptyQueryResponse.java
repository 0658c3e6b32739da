package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;

/** EmptyQueryResponse (B): the query string was empty; it replaces CommandComplete. */
public final class EmptyQueryResponse implements BackendMessage {
    /** The message's tag. */
    public static final char TAG = 'I';
    /** The only instance. */
    public static final EmptyQueryResponse INSTANCE = new EmptyQueryResponse();

    private EmptyQueryResponse() {
    }

    @Override
    public void encode(ByteBuf out) {
        WireFormat.endMessage(out, WireFormat.beginMessage(out, TAG));
    }

    @Override
    public String toString() {
        return "EmptyQueryResponse";
    }
}
