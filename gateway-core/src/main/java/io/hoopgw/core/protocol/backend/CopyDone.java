package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;

/** CopyDone (B): the server has sent all COPY TO STDOUT data. */
public final class CopyDone implements BackendMessage {
    /** The message's tag. */
    public static final char TAG = 'c';
    /** The only instance. */
    public static final CopyDone INSTANCE = new CopyDone();

    private CopyDone() {
    }

    @Override
    public void encode(ByteBuf out) {
        WireFormat.endMessage(out, WireFormat.beginMessage(out, TAG));
    }

    @Override
    public String toString() {
        return "CopyDone";
    }
}
