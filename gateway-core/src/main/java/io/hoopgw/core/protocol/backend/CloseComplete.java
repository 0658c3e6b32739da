package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;

/** CloseComplete (B): a Close succeeded. */
public final class CloseComplete implements BackendMessage {
    /** The message's tag. */
    public static final char TAG = '3';
    /** The only instance. */
    public static final CloseComplete INSTANCE = new CloseComplete();

    private CloseComplete() {
    }

    @Override
    public void encode(ByteBuf out) {
        WireFormat.endMessage(out, WireFormat.beginMessage(out, TAG));
    }

    @Override
    public String toString() {
        return "CloseComplete";
    }
}
