package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.codec.OpaqueBytes;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * AuthenticationSASLFinal (B): the SASL outcome's additional data (for SCRAM, server-final-message).
 *
 * @param data the mechanism's final data; copied in and out
 */
public record AuthenticationSASLFinal(byte[] data) implements AuthenticationMessage {
    /** The authentication code that follows the length. */
    public static final int CODE = 12;

    /** Copies the data. */
    public AuthenticationSASLFinal {
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
    public static AuthenticationSASLFinal decode(ByteBuf body) {
        return new AuthenticationSASLFinal(WireFormat.readRemainingBytes(body));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticationSASLFinal other && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    /** Leaves the data out: it is part of an authentication exchange. */
    @Override
    public String toString() {
        return "AuthenticationSASLFinal[data=" + OpaqueBytes.describe(data) + "]";
    }
}
