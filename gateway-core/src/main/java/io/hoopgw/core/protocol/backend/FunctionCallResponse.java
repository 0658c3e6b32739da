package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.OpaqueBytes;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * FunctionCallResponse (B): the result of a FunctionCall.
 *
 * @param result the result value, {@code null} for NULL; copied in and out
 */
public record FunctionCallResponse(byte[] result) implements BackendMessage {
    /** The message's tag. */
    public static final char TAG = 'V';

    /** Copies the result. */
    public FunctionCallResponse {
        result = OpaqueBytes.copyNullable(result);
    }

    /** A copy of the result, {@code null} for NULL. */
    @Override
    public byte[] result() {
        return OpaqueBytes.copyNullable(result);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        WireFormat.writeNullableBytes(out, result);
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Decodes a body.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released
     * @throws ProtocolException if the length is below -1, runs past the body, or bytes follow the value
     */
    public static FunctionCallResponse decode(ByteBuf body) {
        byte[] result = WireFormat.readNullableBytes(body);
        WireFormat.requireFullyRead(body);
        return new FunctionCallResponse(result);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FunctionCallResponse other && Arrays.equals(result, other.result);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(result);
    }

    @Override
    public String toString() {
        return "FunctionCallResponse[result=" + OpaqueBytes.describe(result) + "]";
    }
}
