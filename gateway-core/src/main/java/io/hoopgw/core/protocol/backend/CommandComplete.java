package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * CommandComplete (B): a command finished.
 *
 * @param tag the command tag, e.g. {@code SELECT 5}, {@code INSERT 0 1}
 */
public record CommandComplete(String tag) implements BackendMessage {
    /** The message's tag byte (not to be confused with the command tag this message carries). */
    public static final char TAG = 'C';

    /** Checks for null. */
    public CommandComplete {
        Objects.requireNonNull(tag, "tag");
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        WireFormat.writeCString(out, tag);
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Decodes a body.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released
     * @throws ProtocolException if the string is unterminated or followed by more bytes
     */
    public static CommandComplete decode(ByteBuf body) {
        CommandComplete message = new CommandComplete(WireFormat.readCString(body));
        WireFormat.requireFullyRead(body);
        return message;
    }
}
