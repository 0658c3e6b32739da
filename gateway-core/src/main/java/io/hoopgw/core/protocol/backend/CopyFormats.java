package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.List;

/** The layout CopyInResponse, CopyOutResponse and CopyBothResponse share: an overall format and column formats. */
record CopyFormats(byte overall, List<Short> columns) {

    static void encode(ByteBuf out, char tag, byte overall, List<Short> columns) {
        int lengthIndex = WireFormat.beginMessage(out, tag);
        out.writeByte(overall);
        WireFormat.writeShorts(out, columns);
        WireFormat.endMessage(out, lengthIndex);
    }

    /** @throws ProtocolException if a field is truncated or followed by more bytes */
    static CopyFormats decode(ByteBuf body) {
        byte overall = WireFormat.readByte(body);
        List<Short> columns = WireFormat.readShorts(body);
        WireFormat.requireFullyRead(body);
        return new CopyFormats(overall, columns);
    }
}
