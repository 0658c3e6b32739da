package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;

/** AuthenticationSSPI (B): the server asks for SSPI authentication. */
public final class AuthenticationSSPI implements AuthenticationMessage {
    /** The authentication code that follows the length. */
    public static final int CODE = 9;
    /** The only instance. */
    public static final AuthenticationSSPI INSTANCE = new AuthenticationSSPI();

    private AuthenticationSSPI() {
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        out.writeInt(CODE);
        WireFormat.endMessage(out, lengthIndex);
    }

    @Override
    public String toString() {
        return "AuthenticationSSPI";
    }
}
