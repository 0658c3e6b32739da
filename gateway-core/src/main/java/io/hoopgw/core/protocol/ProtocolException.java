package io.hoopgw.core.protocol;

import io.netty.handler.codec.CorruptedFrameException;

/**
 * A peer broke the PostgreSQL wire protocol: an unknown tag, a length out of bounds, a truncated body.
 * The gateway answers it with an ErrorResponse {@code 08P01} and closes the connection.
 *
 * <p>The message must not echo attacker-controlled bytes beyond a tag byte rendered as a printable character or
 * hex, because it ends up in logs.
 */
public class ProtocolException extends CorruptedFrameException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Renders a tag byte for a message: {@code 'Q'} when printable ASCII, {@code 0x1f} otherwise. */
    public static String describeTag(byte tag) {
        return tag >= 0x20 && tag < 0x7f ? "'" + (char) tag + "'" : String.format("0x%02x", tag & 0xff);
    }
}
