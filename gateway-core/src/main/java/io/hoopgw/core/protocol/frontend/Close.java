package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Close (F): closes a prepared statement or portal.
 *
 * @param kind whether {@code name} names a statement or a portal
 * @param name the statement's or portal's name, empty for the unnamed one
 */
public record Close(TargetKind kind, String name) implements FrontendMessage {
    /** The message's tag. */
    public static final char TAG = 'C';

    /** Checks for nulls. */
    public Close {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        out.writeByte(kind.code());
        WireFormat.writeCString(out, name);
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Decodes a body.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released
     * @throws ProtocolException if the kind is unknown, a field is truncated, or bytes follow the name
     */
    public static Close decode(ByteBuf body) {
        Close message = new Close(TargetKind.of(WireFormat.readByte(body)), WireFormat.readCString(body));
        WireFormat.requireFullyRead(body);
        return message;
    }
}
