package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;

/** SSLRequest (F): the untagged packet asking the server to switch to TLS before the StartupMessage. */
public final class SSLRequest implements FrontendMessage {
    /** The request code in place of a protocol version: 1234 in the high 16 bits, 5679 in the low. */
    public static final int CODE = 1234 << 16 | 5679;
    /** The only instance. */
    public static final SSLRequest INSTANCE = new SSLRequest();

    private SSLRequest() {
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginUntaggedMessage(out);
        out.writeInt(CODE);
        WireFormat.endMessage(out, lengthIndex);
    }

    @Override
    public String toString() {
        return "SSLRequest";
    }
}
