package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.CancelKeys;
import io.hoopgw.core.protocol.codec.OpaqueBytes;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * BackendKeyData (B): the process ID and secret key a client must present in a CancelRequest.
 *
 * @param processId the backend's process ID
 * @param secretKey the secret key: 4 bytes in protocol 3.0, 4 to 256 bytes in 3.2; copied in and out
 */
public record BackendKeyData(int processId, byte[] secretKey) implements BackendMessage {
    /** The message's tag. */
    public static final char TAG = 'K';
    /** The shortest secret key the protocol allows. */
    public static final int MIN_SECRET_KEY_LENGTH = CancelKeys.MIN_SECRET_KEY_LENGTH;
    /** The longest secret key the protocol allows (3.2). */
    public static final int MAX_SECRET_KEY_LENGTH = CancelKeys.MAX_SECRET_KEY_LENGTH;

    /**
     * Copies the key.
     *
     * @throws IllegalArgumentException if the key is shorter than 4 or longer than 256 bytes
     */
    public BackendKeyData {
        secretKey = CancelKeys.copy(secretKey);
    }

    /** A copy of the secret key. */
    @Override
    public byte[] secretKey() {
        return secretKey.clone();
    }

    @Override
    public void encode(ByteBuf out) {
        OpaqueBytes.writeMessage(out, TAG, processId, secretKey);
    }

    /**
     * Decodes a body.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released
     * @throws ProtocolException if the body is too short or the key is not 4 to 256 bytes
     */
    public static BackendKeyData decode(ByteBuf body) {
        int processId = WireFormat.readInt(body);
        return new BackendKeyData(processId, CancelKeys.read(body, "backend key data"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackendKeyData other && processId == other.processId
                && Arrays.equals(secretKey, other.secretKey);
    }

    @Override
    public int hashCode() {
        return CancelKeys.hashCode(processId, secretKey);
    }

    /** Leaves the key out: it authorises cancelling the session's queries. */
    @Override
    public String toString() {
        return CancelKeys.toString("BackendKeyData", processId, secretKey);
    }
}
