package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * CopyFail (F): the client aborts COPY FROM STDIN; the server fails the COPY with this message.
 *
 * @param message why the copy failed
 */
public record CopyFail(String message) implements FrontendMessage {
    /** The message's tag. */
    public static final char TAG = 'f';

    /** Checks for null. */
    public CopyFail {
        Objects.requireNonNull(message, "message");
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        WireFormat.writeCString(out, message);
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Decodes a body.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released
     * @throws ProtocolException if the string is unterminated or followed by more bytes
     */
    public static CopyFail decode(ByteBuf body) {
        CopyFail copyFail = new CopyFail(WireFormat.readCString(body));
        WireFormat.requireFullyRead(body);
        return copyFail;
    }
}
