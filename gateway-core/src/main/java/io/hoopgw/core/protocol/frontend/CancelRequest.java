package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.CancelKeys;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * CancelRequest (F): the untagged packet, sent on a fresh connection, that asks the server to cancel the query
 * running in the session identified by the process ID and secret key from BackendKeyData.
 *
 * @param processId the target backend's process ID
 * @param secretKey the target's secret key: 4 bytes in protocol 3.0, 4 to 256 bytes in 3.2; copied in and out
 */
public record CancelRequest(int processId, byte[] secretKey) implements FrontendMessage {
    /** The request code in place of a protocol version: 1234 in the high 16 bits, 5678 in the low. */
    public static final int CODE = 1234 << 16 | 5678;
    /** The shortest secret key the protocol allows. */
    public static final int MIN_SECRET_KEY_LENGTH = CancelKeys.MIN_SECRET_KEY_LENGTH;
    /** The longest secret key the protocol allows (3.2). */
    public static final int MAX_SECRET_KEY_LENGTH = CancelKeys.MAX_SECRET_KEY_LENGTH;

    /**
     * Copies the key.
     *
     * @throws IllegalArgumentException if the key is shorter than 4 or longer than 256 bytes
     */
    public CancelRequest {
        secretKey = CancelKeys.copy(secretKey);
    }

    /** A copy of the secret key. */
    @Override
    public byte[] secretKey() {
        return secretKey.clone();
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginUntaggedMessage(out);
        out.writeInt(CODE);
        out.writeInt(processId);
        out.writeBytes(secretKey);
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Decodes the fields after the request code.
     *
     * @param body the bytes after the code, exactly to the end of the packet; read, not released
     * @throws ProtocolException if the body is too short or the key is not 4 to 256 bytes
     */
    public static CancelRequest decode(ByteBuf body) {
        int processId = WireFormat.readInt(body);
        return new CancelRequest(processId, CancelKeys.read(body, "cancel request"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CancelRequest other && processId == other.processId
                && Arrays.equals(secretKey, other.secretKey);
    }

    @Override
    public int hashCode() {
        return CancelKeys.hashCode(processId, secretKey);
    }

    /** Leaves the key out: it authorises cancelling someone else's query. */
    @Override
    public String toString() {
        return CancelKeys.toString("CancelRequest", processId, secretKey);
    }
}
