package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;

/** NoData (B): the described statement or portal returns no rows. */
public final class NoData implements BackendMessage {
    /** The message's tag. */
    public static final char TAG = 'n';
    /** The only instance. */
    public static final NoData INSTANCE = new NoData();

    private NoData() {
    }

    @Override
    public void encode(ByteBuf out) {
        WireFormat.endMessage(out, WireFormat.beginMessage(out, TAG));
    }

    @Override
    public String toString() {
        return "NoData";
    }
}
