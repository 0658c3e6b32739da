package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.OpaqueBytes;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * FunctionCall (F): the legacy fast-path call of a function by OID (used by libpq's large-object API).
 *
 * <p>Arguments are copied into arrays rather than held as buffer slices: the message is rare, and a plain value
 * spares its users reference counting.
 *
 * @param functionOid the function to call
 * @param argumentFormats none (all text), one (for all arguments) or one per argument; copied, unmodifiable
 * @param arguments the argument values, {@code null} for NULL; copied in and out
 * @param resultFormat the format code for the result
 */
public record FunctionCall(int functionOid, List<Short> argumentFormats, List<byte[]> arguments, short resultFormat)
        implements FrontendMessage {
    /** The message's tag. */
    public static final char TAG = 'F';

    /** Copies the lists and the arrays. */
    public FunctionCall {
        argumentFormats = List.copyOf(argumentFormats);
        arguments = copy(arguments);
        if (arguments.size() > 0xffff) {
            throw new IllegalArgumentException("a FunctionCall carries at most 65535 arguments");
        }
    }

    /** Copies of the argument values, {@code null} for NULL. */
    @Override
    public List<byte[]> arguments() {
        return copy(arguments);
    }

    private static List<byte[]> copy(List<byte[]> values) {
        List<byte[]> copy = new ArrayList<>(values.size());
        for (byte[] value : values) {
            copy.add(OpaqueBytes.copyNullable(value));
        }
        return Collections.unmodifiableList(copy);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        out.writeInt(functionOid);
        WireFormat.writeShorts(out, argumentFormats);
        out.writeShort(arguments.size());
        for (byte[] argument : arguments) {
            WireFormat.writeNullableBytes(out, argument);
        }
        out.writeShort(resultFormat);
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Decodes a body.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released
     * @throws ProtocolException if a field is truncated, a length is below -1 or runs past the body, or bytes
     *     follow the result format
     */
    public static FunctionCall decode(ByteBuf body) {
        int functionOid = WireFormat.readInt(body);
        List<Short> argumentFormats = WireFormat.readShorts(body);
        int count = WireFormat.readCount16(body, 4);
        List<byte[]> arguments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            arguments.add(WireFormat.readNullableBytes(body));
        }
        short resultFormat = WireFormat.readShort(body);
        WireFormat.requireFullyRead(body);
        return new FunctionCall(functionOid, argumentFormats, arguments, resultFormat);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FunctionCall other) || functionOid != other.functionOid
                || resultFormat != other.resultFormat || !argumentFormats.equals(other.argumentFormats)
                || arguments.size() != other.arguments.size()) {
            return false;
        }
        for (int i = 0; i < arguments.size(); i++) {
            if (!Arrays.equals(arguments.get(i), other.arguments.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 31 * functionOid + argumentFormats.hashCode();
        for (byte[] argument : arguments) {
            hash = 31 * hash + Arrays.hashCode(argument);
        }
        return 31 * hash + resultFormat;
    }

    @Override
    public String toString() {
        return "FunctionCall[functionOid=" + functionOid + ", argumentFormats=" + argumentFormats + ", arguments="
                + arguments.size() + ", resultFormat=" + resultFormat + "]";
    }
}
