package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.codec.OpaqueBytes;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * SASLResponse (F): a SASL client message after the first (for SCRAM, client-final-message).
 *
 * @param data the message's bytes, the whole body; copied in and out
 */
public record SASLResponse(byte[] data) implements FrontendMessage {

    /** Copies the data. */
    public SASLResponse {
        data = data.clone();
    }

    /** A copy of the data. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public void encode(ByteBuf out) {
        OpaqueBytes.writeMessage(out, PasswordMessage.TAG, data);
    }

    /**
     * Decodes a body.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released
     */
    public static SASLResponse decode(ByteBuf body) {
        return new SASLResponse(WireFormat.readRemainingBytes(body));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SASLResponse other && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    /** Leaves the data out: it carries SASL proofs or tokens. */
    @Override
    public String toString() {
        return "SASLResponse[data=" + OpaqueBytes.describe(data) + "]";
    }
}
