package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Objects;

/**
 * Parse (F): prepare a statement.
 *
 * @param name the prepared statement's name, empty for the unnamed statement
 * @param query the query string: one statement
 * @param parameterTypeOids the parameter types the client specifies (0 leaves a type to the server); possibly
 *     fewer than the statement's parameters; copied, unmodifiable
 */
public record Parse(String name, String query, List<Integer> parameterTypeOids) implements FrontendMessage {
    /** The message's tag. */
    public static final char TAG = 'P';

    /** Copies the list. */
    public Parse {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(query, "query");
        parameterTypeOids = List.copyOf(parameterTypeOids);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        WireFormat.writeCString(out, name);
        WireFormat.writeCString(out, query);
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
     * @throws ProtocolException if a field is truncated or followed by more bytes
     */
    public static Parse decode(ByteBuf body) {
        String name = WireFormat.readCString(body);
        String query = WireFormat.readCString(body);
        int count = WireFormat.readCount16(body, 4);
        Integer[] oids = new Integer[count];
        for (int i = 0; i < count; i++) {
            oids[i] = body.readInt();
        }
        WireFormat.requireFullyRead(body);
        return new Parse(name, query, List.of(oids));
    }
}
