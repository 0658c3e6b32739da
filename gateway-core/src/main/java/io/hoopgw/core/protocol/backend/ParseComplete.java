package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;

/** ParseComplete (B): a Parse succeeded. */
public final class ParseComplete implements BackendMessage {
    /** The message's tag. */
    public static final char TAG = '1';
    /** The only instance. */
    public static final ParseComplete INSTANCE = new ParseComplete();

    private ParseComplete() {
    }

    @Override
    public void encode(ByteBuf out) {
        WireFormat.endMessage(out, WireFormat.beginMessage(out, TAG));
    }

    @Override
    public String toString() {
        return "ParseComplete";
    }
}
