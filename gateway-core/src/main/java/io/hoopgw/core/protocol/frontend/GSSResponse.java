package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.codec.OpaqueBytes;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * GSSResponse (F): a GSSAPI or SSPI token from the client.
 *
 * @param data the message's bytes, the whole body; copied in and out
 */
public record GSSResponse(byte[] data) implements FrontendMessage {

    /** Copies the data. */
    public GSSResponse {
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
    public static GSSResponse decode(ByteBuf body) {
        return new GSSResponse(WireFormat.readRemainingBytes(body));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GSSResponse other && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    /** Leaves the data out: it is a security token. */
    @Override
    public String toString() {
        return "GSSResponse[data=" + OpaqueBytes.describe(data) + "]";
    }
}
