package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * ParameterDescription (B): the parameter types of a described prepared statement.
 *
 * @param parameterTypeOids one type OID per parameter; copied, unmodifiable
 */
public record ParameterDescription(List<Integer> parameterTypeOids) implements BackendMessage {
    /** The message's tag. */
    public static final char TAG = 't';

    /** Copies the list. */
    public ParameterDescription {
        parameterTypeOids = List.copyOf(parameterTypeOids);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        WireFormat.writeCount16(out, parameterTypeOids.size());
        for (int oid : parameterTypeOids) {
            out.writeInt(oid);
        }
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Decodes a body.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released
     * @throws ProtocolException if the count does not match the OIDs present
     */
    public static ParameterDescription decode(ByteBuf body) {
        int count = WireFormat.readCount16(body, 4);
        Integer[] oids = new Integer[count];
        for (int i = 0; i < count; i++) {
            oids[i] = body.readInt();
        }
        WireFormat.requireFullyRead(body);
        return new ParameterDescription(List.of(oids));
    }
}
