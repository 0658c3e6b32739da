package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.codec.OpaqueBytes;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * AuthenticationSASLContinue (B): a SASL challenge (for SCRAM, server-first-message).
 *
 * @param data the mechanism's challenge; copied in and out
 */
public record AuthenticationSASLContinue(byte[] data) implements AuthenticationMessage {
    /** The authentication code that follows the length. */
    public static final int CODE = 11;

    /** Copies the data. */
    public AuthenticationSASLContinue {
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
    public static AuthenticationSASLContinue decode(ByteBuf body) {
        return new AuthenticationSASLContinue(WireFormat.readRemainingBytes(body));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticationSASLContinue other && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    /** Leaves the data out: it is part of an authentication exchange. */
    @Override
    public String toString() {
        return "AuthenticationSASLContinue[data=" + OpaqueBytes.describe(data) + "]";
    }
}
