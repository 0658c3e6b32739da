package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;

/** Flush (F): asks the server to send everything it has queued so far, without ending the extended-query cycle. */
public final class Flush implements FrontendMessage {
    /** The message's tag. */
    public static final char TAG = 'H';
    /** The only instance. */
    public static final Flush INSTANCE = new Flush();

    private Flush() {
    }

    @Override
    public void encode(ByteBuf out) {
        WireFormat.endMessage(out, WireFormat.beginMessage(out, TAG));
    }

    @Override
    public String toString() {
        return "Flush";
    }
}
