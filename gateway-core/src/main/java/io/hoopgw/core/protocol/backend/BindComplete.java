package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;

/** BindComplete (B): a Bind succeeded. */
public final class BindComplete implements BackendMessage {
    /** The message's tag. */
    public static final char TAG = '2';
    /** The only instance. */
    public static final BindComplete INSTANCE = new BindComplete();

    private BindComplete() {
    }

    @Override
    public void encode(ByteBuf out) {
        WireFormat.endMessage(out, WireFormat.beginMessage(out, TAG));
    }

    @Override
    public String toString() {
        return "BindComplete";
    }
}
