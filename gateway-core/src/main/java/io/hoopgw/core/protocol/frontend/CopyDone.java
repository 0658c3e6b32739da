package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;

/** CopyDone (F): the client has sent all COPY FROM STDIN data. */
public final class CopyDone implements FrontendMessage {
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
