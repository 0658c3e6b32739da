package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Execute (F): run a bound portal.
 *
 * @param portal the portal's name, empty for the unnamed portal
 * @param maxRows the most rows to return before PortalSuspended; 0 for no limit
 */
public record Execute(String portal, int maxRows) implements FrontendMessage {
    /** The message's tag. */
    public static final char TAG = 'E';

    /** Checks for null. */
    public Execute {
        Objects.requireNonNull(portal, "portal");
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        WireFormat.writeCString(out, portal);
        out.writeInt(maxRows);
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Decodes a body.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released
     * @throws ProtocolException if a field is truncated or followed by more bytes
     */
    public static Execute decode(ByteBuf body) {
        Execute execute = new Execute(WireFormat.readCString(body), WireFormat.readInt(body));
        WireFormat.requireFullyRead(body);
        return execute;
    }
}
