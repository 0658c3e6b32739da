package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * StartupMessage (F): the untagged first packet of a session, carrying the protocol version and the connection
 * parameters ({@code user}, {@code database}, {@code options}, GUCs, {@code _pq_.} protocol options).
 *
 * @param protocolVersion {@code major << 16 | minor}, e.g. {@link #PROTOCOL_3_0}
 * @param parameters name/value pairs in wire order; copied into an unmodifiable insertion-ordered map
 */
public record StartupMessage(int protocolVersion, Map<String, String> parameters) implements FrontendMessage {
    /** Protocol version 3.0, spoken by every PostgreSQL since 7.4. */
    public static final int PROTOCOL_3_0 = 3 << 16;
    /** Protocol version 3.2 (PostgreSQL 18): variable-length cancel keys. */
    public static final int PROTOCOL_3_2 = 3 << 16 | 2;

    /** Copies {@code parameters}, keeping their order. */
    public StartupMessage {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** The major protocol version, 3 for every message this gateway accepts. */
    public int majorVersion() {
        return protocolVersion >>> 16;
    }

    /** The minor protocol version. */
    public int minorVersion() {
        return protocolVersion & 0xffff;
    }

    /** The value of a connection parameter, or {@code null} when the client did not send it. */
    public String parameter(String name) {
        return parameters.get(name);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginUntaggedMessage(out);
        out.writeInt(protocolVersion);
        parameters.forEach((name, value) -> {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a startup parameter name must not be empty");
            }
            WireFormat.writeCString(out, name);
            WireFormat.writeCString(out, value);
        });
        out.writeByte(0);
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Decodes the parameter list that follows the protocol version.
     *
     * <p>A name that occurs twice is refused: PostgreSQL lets the last one win, and a login whose {@code user} or
     * {@code database} reads differently depending on which copy one looks at is not one a gateway should pass on.
     *
     * @param protocolVersion the version already read from the packet
     * @param body the bytes after the version, exactly to the end of the packet; read, not released
     * @param maxParameters the most name/value pairs accepted
     * @throws ProtocolException if a string is unterminated, the list lacks its final NUL or is followed by more
     *     bytes, a name repeats, or there are more than {@code maxParameters} pairs
     */
    public static StartupMessage decode(int protocolVersion, ByteBuf body, int maxParameters) {
        Map<String, String> parameters = new LinkedHashMap<>();
        while (true) {
            if (!body.isReadable()) {
                throw new ProtocolException("startup packet parameter list is not terminated");
            }
            if (body.getByte(body.readerIndex()) == 0) {
                body.skipBytes(1);
                break;
            }
            if (parameters.size() == maxParameters) {
                throw new ProtocolException("startup packet has more than " + maxParameters + " parameters");
            }
            String name = WireFormat.readCString(body);
            String value = WireFormat.readCString(body);
            if (parameters.putIfAbsent(name, value) != null) {
                throw new ProtocolException("startup packet repeats a parameter name");
            }
        }
        WireFormat.requireFullyRead(body);
        return new StartupMessage(protocolVersion, parameters);
    }
}
