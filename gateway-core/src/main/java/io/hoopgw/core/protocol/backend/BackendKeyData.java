package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.ProtocolException;
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
    public static final int MIN_SECRET_KEY_LENGTH = 4;
    /** The longest secret key the protocol allows (3.2). */
    public static final int MAX_SECRET_KEY_LENGTH = 256;

    /**
     * Copies the key.
     *
     * @throws IllegalArgumentException if the key is shorter than 4 or longer than 256 bytes
     */
    public BackendKeyData {
        if (secretKey.length < MIN_SECRET_KEY_LENGTH || secretKey.length > MAX_SECRET_KEY_LENGTH) {
            throw new IllegalArgumentException("secret key must be 4 to 256 bytes, not " + secretKey.length);
        }
        secretKey = secretKey.clone();
    }

    /** A copy of the secret key. */
    @Override
    public byte[] secretKey() {
        return secretKey.clone();
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        out.writeInt(processId);
        out.writeBytes(secretKey);
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Decodes a body.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released
     * @throws ProtocolException if the body is too short or the key is not 4 to 256 bytes
     */
    public static BackendKeyData decode(ByteBuf body) {
        int processId = WireFormat.readInt(body);
        int keyLength = body.readableBytes();
        if (keyLength < MIN_SECRET_KEY_LENGTH || keyLength > MAX_SECRET_KEY_LENGTH) {
            throw new ProtocolException("backend key data secret key must be 4 to 256 bytes, not " + keyLength);
        }
        return new BackendKeyData(processId, WireFormat.readBytes(body, keyLength));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BackendKeyData other && processId == other.processId
                && Arrays.equals(secretKey, other.secretKey);
    }

    @Override
    public int hashCode() {
        return 31 * processId + Arrays.hashCode(secretKey);
    }

    /** Leaves the key out: it authorises cancelling the session's queries. */
    @Override
    public String toString() {
        return "BackendKeyData[processId=" + processId + ", secretKey=<" + secretKey.length + " bytes>]";
    }
}
