package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;

/** Sync (F): ends an extended-query cycle: the server commits or rolls back an implicit transaction and answers ReadyForQuery. */
public final class Sync implements FrontendMessage {
    /** The message's tag. */
    public static final char TAG = 'S';
    /** The only instance. */
    public static final Sync INSTANCE = new Sync();

    private Sync() {
    }

    @Override
    public void encode(ByteBuf out) {
        WireFormat.endMessage(out, WireFormat.beginMessage(out, TAG));
    }

    @Override
    public String toString() {
        return "Sync";
    }
}
