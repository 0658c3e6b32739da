package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;

/** AuthenticationOk (B): the client is authenticated. */
public final class AuthenticationOk implements AuthenticationMessage {
    /** The authentication code that follows the length. */
    public static final int CODE = 0;
    /** The only instance. */
    public static final AuthenticationOk INSTANCE = new AuthenticationOk();

    private AuthenticationOk() {
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        out.writeInt(CODE);
        WireFormat.endMessage(out, lengthIndex);
    }

    @Override
    public String toString() {
        return "AuthenticationOk";
    }
}
