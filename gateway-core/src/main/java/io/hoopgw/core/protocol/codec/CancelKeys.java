package io.hoopgw.core.protocol.codec;

import io.hoopgw.core.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * The process ID and secret key pair that BackendKeyData hands out and CancelRequest presents back: one set of
 * length rules, one read, one hash and one redacted form for both, so that the two ends of a cancellation cannot
 * disagree about what a valid key is. The key authorises cancelling a session's queries and never reaches a log.
 */
public final class CancelKeys {
    /** The shortest secret key the protocol allows (all that protocol 3.0 sends). */
    public static final int MIN_SECRET_KEY_LENGTH = 4;
    /** The longest secret key the protocol allows (3.2). */
    public static final int MAX_SECRET_KEY_LENGTH = 256;

    private CancelKeys() {
    }

    /**
     * Checks a key's length and copies it.
     *
     * @throws IllegalArgumentException if the key is shorter than 4 or longer than 256 bytes
     */
    public static byte[] copy(byte[] secretKey) {
        if (!validLength(secretKey.length)) {
            throw new IllegalArgumentException("secret key must be 4 to 256 bytes, not " + secretKey.length);
        }
        return secretKey.clone();
    }

    /**
     * Reads the rest of a body as a secret key.
     *
     * @param body positioned after the process ID; read to its end, not released
     * @param message what the body belongs to, for the exception, e.g. {@code "cancel request"}
     * @throws ProtocolException if the key is not 4 to 256 bytes
     */
    public static byte[] read(ByteBuf body, String message) {
        int keyLength = body.readableBytes();
        if (!validLength(keyLength)) {
            throw new ProtocolException(message + " secret key must be 4 to 256 bytes, not " + keyLength);
        }
        return WireFormat.readBytes(body, keyLength);
    }

    /** The hash of a pair, consistent with comparing the process ID and the key's content. */
    public static int hashCode(int processId, byte[] secretKey) {
        return 31 * processId + Arrays.hashCode(secretKey);
    }

    /** {@code type[processId=..., secretKey=<n bytes>]}: the key is left out. */
    public static String toString(String type, int processId, byte[] secretKey) {
        return type + "[processId=" + processId + ", secretKey=" + OpaqueBytes.describe(secretKey) + "]";
    }

    private static boolean validLength(int length) {
        return length >= MIN_SECRET_KEY_LENGTH && length <= MAX_SECRET_KEY_LENGTH;
    }
}
