package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;

/** PortalSuspended (B): an Execute reached its row limit before the portal was exhausted. */
public final class PortalSuspended implements BackendMessage {
    /** The message's tag. */
    public static final char TAG = 's';
    /** The only instance. */
    public static final PortalSuspended INSTANCE = new PortalSuspended();

    private PortalSuspended() {
    }

    @Override
    public void encode(ByteBuf out) {
        WireFormat.endMessage(out, WireFormat.beginMessage(out, TAG));
    }

    @Override
    public String toString() {
        return "PortalSuspended";
    }
}
