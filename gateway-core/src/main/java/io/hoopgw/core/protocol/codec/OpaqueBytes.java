package io.hoopgw.core.protocol.codec;

import io.netty.buffer.ByteBuf;

/**
 * The mechanics of messages that carry bytes the gateway does not interpret and must not show: SASL and GSSAPI
 * tokens, MD5 salts, cancel keys, function results. Such a message is an immutable record over a {@code byte[]}
 * that it copies in and out (arrays are mutable), compares by content, and leaves out of its {@code toString} so
 * that secrets never reach a log. The record keeps its own constructor, accessor, {@code equals} and
 * {@code hashCode} (a record cannot inherit them); this class holds the parts that would otherwise be written
 * again in each.
 */
public final class OpaqueBytes {
    private OpaqueBytes() {
    }

    /** A copy of {@code bytes}, or {@code null} for {@code null}: for the fields where the protocol allows NULL. */
    public static byte[] copyNullable(byte[] bytes) {
        return bytes == null ? null : bytes.clone();
    }

    /** What a {@code toString} shows instead of the bytes: their count, as {@code <n bytes>}, or {@code null}. */
    public static String describe(byte[] bytes) {
        return bytes == null ? "null" : "<" + bytes.length + " bytes>";
    }

    /**
     * Writes a complete frame whose body is exactly {@code body}.
     *
     * @param out the buffer to append to; not released
     */
    public static void writeMessage(ByteBuf out, char tag, byte[] body) {
        int lengthIndex = WireFormat.beginMessage(out, tag);
        out.writeBytes(body);
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Writes a complete frame whose body is an Int32 (an authentication code, a process ID) and then {@code rest}.
     *
     * @param out the buffer to append to; not released
     */
    public static void writeMessage(ByteBuf out, char tag, int prefix, byte[] rest) {
        int lengthIndex = WireFormat.beginMessage(out, tag);
        out.writeInt(prefix);
        out.writeBytes(rest);
        WireFormat.endMessage(out, lengthIndex);
    }
}
