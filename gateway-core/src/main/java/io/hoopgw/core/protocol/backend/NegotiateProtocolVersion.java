package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * NegotiateProtocolVersion (B): the server does not support the requested minor version or some {@code _pq_.}
 * protocol options, and says what it will speak instead.
 *
 * @param newestMinorVersion the newest minor version of the requested major version the server supports
 * @param unrecognizedOptions the protocol options the server did not recognize; copied, unmodifiable
 */
public record NegotiateProtocolVersion(int newestMinorVersion, List<String> unrecognizedOptions)
        implements BackendMessage {
    /** The message's tag. */
    public static final char TAG = 'v';

    /** Copies the list. */
    public NegotiateProtocolVersion {
        unrecognizedOptions = List.copyOf(unrecognizedOptions);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        out.writeInt(newestMinorVersion);
        out.writeInt(unrecognizedOptions.size());
        for (String option : unrecognizedOptions) {
            WireFormat.writeCString(out, option);
        }
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Decodes a body.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released
     * @throws ProtocolException if the count does not match the names present, or bytes follow them
     */
    public static NegotiateProtocolVersion decode(ByteBuf body) {
        int newestMinorVersion = WireFormat.readInt(body);
        int count = WireFormat.readCount32(body, 1);
        List<String> options = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            options.add(WireFormat.readCString(body));
        }
        WireFormat.requireFullyRead(body);
        return new NegotiateProtocolVersion(newestMinorVersion, options);
    }
}
