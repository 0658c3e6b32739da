package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * NotificationResponse (B): a NOTIFY on a channel this session LISTENs to.
 *
 * @param processId the notifying backend's process ID
 * @param channel the channel name
 * @param payload the payload, empty when none was given
 */
public record NotificationResponse(int processId, String channel, String payload) implements BackendMessage {
    /** The message's tag. */
    public static final char TAG = 'A';

    /** Checks for nulls. */
    public NotificationResponse {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        out.writeInt(processId);
        WireFormat.writeCString(out, channel);
        WireFormat.writeCString(out, payload);
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Decodes a body.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released
     * @throws ProtocolException if a field is truncated or followed by more bytes
     */
    public static NotificationResponse decode(ByteBuf body) {
        NotificationResponse message = new NotificationResponse(WireFormat.readInt(body),
                WireFormat.readCString(body), WireFormat.readCString(body));
        WireFormat.requireFullyRead(body);
        return message;
    }
}
