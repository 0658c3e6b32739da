package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * AuthenticationSASL (B): the server asks for SASL authentication with one of the listed mechanisms.
 *
 * @param mechanisms the mechanism names in the server's order of preference; copied, unmodifiable
 */
public record AuthenticationSASL(List<String> mechanisms) implements AuthenticationMessage {
    /** The authentication code that follows the length. */
    public static final int CODE = 10;

    /**
     * Copies the list.
     *
     * @throws IllegalArgumentException if a name is empty, since an empty name ends the list on the wire
     */
    public AuthenticationSASL {
        mechanisms = List.copyOf(mechanisms);
        if (mechanisms.contains("")) {
            throw new IllegalArgumentException("a SASL mechanism name must not be empty");
        }
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        out.writeInt(CODE);
        for (String mechanism : mechanisms) {
            WireFormat.writeCString(out, mechanism);
        }
        out.writeByte(0);
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Decodes the fields after the authentication code.
     *
     * @param body the bytes after the code, exactly to the end of the message; read, not released
     * @throws ProtocolException if a name or the list is unterminated, or bytes follow the list
     */
    public static AuthenticationSASL decode(ByteBuf body) {
        List<String> mechanisms = new ArrayList<>();
        for (String name; !(name = WireFormat.readCString(body)).isEmpty(); ) {
            mechanisms.add(name);
        }
        WireFormat.requireFullyRead(body);
        return new AuthenticationSASL(mechanisms);
    }
}
