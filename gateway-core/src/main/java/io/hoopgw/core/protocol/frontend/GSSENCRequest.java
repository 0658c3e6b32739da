package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;

/** GSSENCRequest (F): the untagged packet asking the server for GSSAPI transport encryption. */
public final class GSSENCRequest implements FrontendMessage {
    /** The request code in place of a protocol version: 1234 in the high 16 bits, 5680 in the low. */
    public static final int CODE = 1234 << 16 | 5680;
    /** The only instance. */
    public static final GSSENCRequest INSTANCE = new GSSENCRequest();

    private GSSENCRequest() {
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginUntaggedMessage(out);
        out.writeInt(CODE);
        WireFormat.endMessage(out, lengthIndex);
    }

    @Override
    public String toString() {
        return "GSSENCRequest";
    }
}
