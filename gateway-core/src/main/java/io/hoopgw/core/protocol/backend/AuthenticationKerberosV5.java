package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;

/** AuthenticationKerberosV5 (B): the server asks for Kerberos V5 authentication (no longer supported by PostgreSQL). */
public final class AuthenticationKerberosV5 implements AuthenticationMessage {
    /** The authentication code that follows the length. */
    public static final int CODE = 2;
    /** The only instance. */
    public static final AuthenticationKerberosV5 INSTANCE = new AuthenticationKerberosV5();

    private AuthenticationKerberosV5() {
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        out.writeInt(CODE);
        WireFormat.endMessage(out, lengthIndex);
    }

    @Override
    public String toString() {
        return "AuthenticationKerberosV5";
    }
}
