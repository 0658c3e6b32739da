package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Query (F): a simple-query-protocol request; the string may hold several statements separated by semicolons.
 *
 * @param sql the query string
 */
public record Query(String sql) implements FrontendMessage {
    /** The message's tag. */
    public static final char TAG = 'Q';

    /** Checks for null. */
    public Query {
        Objects.requireNonNull(sql, "sql");
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        WireFormat.writeCString(out, sql);
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Decodes a body.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released
     * @throws ProtocolException if the string is unterminated or followed by more bytes
     */
    public static Query decode(ByteBuf body) {
        Query query = new Query(WireFormat.readCString(body));
        WireFormat.requireFullyRead(body);
        return query;
    }
}
