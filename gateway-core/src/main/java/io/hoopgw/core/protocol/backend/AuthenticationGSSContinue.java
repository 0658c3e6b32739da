package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.codec.OpaqueBytes;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * AuthenticationGSSContinue (B): a GSSAPI or SSPI token from the server, continuing the exchange.
 *
 * @param data the token; copied in and out
 */
public record AuthenticationGSSContinue(byte[] data) implements AuthenticationMessage {
    /** The authentication code that follows the length. */
    public static final int CODE = 8;

    /** Copies the data. */
    public AuthenticationGSSContinue {
        data = data.clone();
    }

    /** A copy of the data. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public void encode(ByteBuf out) {
        OpaqueBytes.writeMessage(out, TAG, CODE, data);
    }

    /**
     * Decodes the fields after the authentication code.
     *
     * @param body the bytes after the code, exactly to the end of the message; read, not released
     */
    public static AuthenticationGSSContinue decode(ByteBuf body) {
        return new AuthenticationGSSContinue(WireFormat.readRemainingBytes(body));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticationGSSContinue other && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    /** Leaves the data out: it is part of an authentication exchange. */
    @Override
    public String toString() {
        return "AuthenticationGSSContinue[data=" + OpaqueBytes.describe(data) + "]";
    }
}
