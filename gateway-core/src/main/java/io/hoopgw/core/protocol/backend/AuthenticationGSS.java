package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;

/** AuthenticationGSS (B): the server asks for GSSAPI authentication. */
public final class AuthenticationGSS implements AuthenticationMessage {
    /** The authentication code that follows the length. */
    public static final int CODE = 7;
    /** The only instance. */
    public static final AuthenticationGSS INSTANCE = new AuthenticationGSS();

    private AuthenticationGSS() {
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        out.writeInt(CODE);
        WireFormat.endMessage(out, lengthIndex);
    }

    @Override
    public String toString() {
        return "AuthenticationGSS";
    }
}
