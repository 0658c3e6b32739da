package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * ParameterStatus (B): the current value of a run-time parameter the client should track
 * ({@code server_version}, {@code client_encoding}, {@code TimeZone}, ...).
 *
 * @param name the parameter's name
 * @param value its current value
 */
public record ParameterStatus(String name, String value) implements BackendMessage {
    /** The message's tag. */
    public static final char TAG = 'S';

    /** Checks for nulls. */
    public ParameterStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        WireFormat.writeCString(out, name);
        WireFormat.writeCString(out, value);
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Decodes a body.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released
     * @throws ProtocolException if a string is unterminated or bytes follow the value
     */
    public static ParameterStatus decode(ByteBuf body) {
        ParameterStatus status = new ParameterStatus(WireFormat.readCString(body), WireFormat.readCString(body));
        WireFormat.requireFullyRead(body);
        return status;
    }
}
