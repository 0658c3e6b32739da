package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;

/** AuthenticationCleartextPassword (B): the server asks for the password in clear text; through the gateway, the identity-provider token. */
public final class AuthenticationCleartextPassword implements AuthenticationMessage {
    /** The authentication code that follows the length. */
    public static final int CODE = 3;
    /** The only instance. */
    public static final AuthenticationCleartextPassword INSTANCE = new AuthenticationCleartextPassword();

    private AuthenticationCleartextPassword() {
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        out.writeInt(CODE);
        WireFormat.endMessage(out, lengthIndex);
    }

    @Override
    public String toString() {
        return "AuthenticationCleartextPassword";
    }
}
