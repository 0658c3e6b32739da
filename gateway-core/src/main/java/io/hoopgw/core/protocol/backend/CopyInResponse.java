package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * CopyInResponse (B): the server is ready for COPY FROM STDIN data.
 *
 * @param overallFormat 0 for textual COPY, 1 for binary
 * @param columnFormats one format code per column; copied, unmodifiable
 */
public record CopyInResponse(byte overallFormat, List<Short> columnFormats) implements BackendMessage {
    /** The message's tag. */
    public static final char TAG = 'G';

    /** Copies the list. */
    public CopyInResponse {
        columnFormats = List.copyOf(columnFormats);
    }

    @Override
    public void encode(ByteBuf out) {
        CopyFormats.encode(out, TAG, overallFormat, columnFormats);
    }

    /**
     * Decodes a body.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released
     * @throws ProtocolException if a field is truncated or followed by more bytes
     */
    public static CopyInResponse decode(ByteBuf body) {
        CopyFormats formats = CopyFormats.decode(body);
        return new CopyInResponse(formats.overall(), formats.columns());
    }
}
