package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.OpaqueBytes;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;

/**
 * SASLInitialResponse (F): the client's chosen SASL mechanism and its first message.
 *
 * @param mechanism the mechanism name, e.g. {@code SCRAM-SHA-256}
 * @param data the mechanism's initial response, or {@code null} when there is none (length -1 on the wire);
 *     copied in and out
 */
public record SASLInitialResponse(String mechanism, byte[] data) implements FrontendMessage {

    /** Copies the data. */
    public SASLInitialResponse {
        Objects.requireNonNull(mechanism, "mechanism");
        data = OpaqueBytes.copyNullable(data);
    }

    /** A copy of the initial response, or {@code null} when there is none. */
    @Override
    public byte[] data() {
        return OpaqueBytes.copyNullable(data);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, PasswordMessage.TAG);
        WireFormat.writeCString(out, mechanism);
        WireFormat.writeNullableBytes(out, data);
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Decodes a body.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released
     * @throws ProtocolException if a field is truncated or followed by more bytes
     */
    public static SASLInitialResponse decode(ByteBuf body) {
        String mechanism = WireFormat.readCString(body);
        byte[] data = WireFormat.readNullableBytes(body);
        WireFormat.requireFullyRead(body);
        return new SASLInitialResponse(mechanism, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SASLInitialResponse other && mechanism.equals(other.mechanism)
                && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * mechanism.hashCode() + Arrays.hashCode(data);
    }

    /** Leaves the data out: some mechanisms (OAUTHBEARER) carry a bearer token in it. */
    @Override
    public String toString() {
        return "SASLInitialResponse[mechanism=" + mechanism + ", data=" + OpaqueBytes.describe(data) + "]";
    }
}
