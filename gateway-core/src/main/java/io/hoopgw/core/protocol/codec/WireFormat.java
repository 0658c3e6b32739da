package io.hoopgw.core.protocol.codec;

import io.hoopgw.core.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The primitive field types of the PostgreSQL protocol (Int8/16/32, String, Byte<i>n</i>) and the frame header,
 * shared by every message type so that no message computes a length by hand or reads past its body unchecked.
 *
 * <p>Writing: {@link #beginMessage} writes the tag and a length placeholder, {@link #endMessage} fills in the
 * length once the body is written. Reading: every {@code read*} method checks that the field fits in the readable
 * bytes and throws {@link ProtocolException} otherwise, so a truncated or lying body never surfaces as an
 * {@link IndexOutOfBoundsException} and a claimed length is never allocated before it is known to be present.
 *
 * <p>Strings are UTF-8: the gateway forces {@code client_encoding} to UTF8. No method here releases a buffer.
 */
public final class WireFormat {
    /** The Int32 length that PostgreSQL writes for a NULL value in DataRow, Bind and FunctionCall. */
    public static final int NULL_LENGTH = -1;

    private WireFormat() {
    }

    /**
     * Writes a tag byte and a length placeholder.
     *
     * @param out the buffer to append to; not released
     * @param tag the message's identifying byte
     * @return the index of the length field, to pass to {@link #endMessage}
     */
    public static int beginMessage(ByteBuf out, char tag) {
        out.writeByte(tag);
        return beginUntaggedMessage(out);
    }

    /**
     * Writes a length placeholder for an untagged startup-phase packet (StartupMessage, SSLRequest, ...).
     *
     * @param out the buffer to append to; not released
     * @return the index of the length field, to pass to {@link #endMessage}
     */
    public static int beginUntaggedMessage(ByteBuf out) {
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        return lengthIndex;
    }

    /**
     * Fills in the length field written by {@link #beginMessage}: everything from the length field to the current
     * writer index, the length field included, as the protocol defines it.
     *
     * @param out the buffer being written; not released
     * @param lengthIndex what {@code beginMessage} returned
     */
    public static void endMessage(ByteBuf out, int lengthIndex) {
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex);
    }

    /**
     * Writes a protocol String: UTF-8 bytes and a NUL terminator.
     *
     * @throws IllegalArgumentException if {@code value} contains NUL, which would end the field early and let the
     *     rest of the string be read as further fields
     */
    public static void writeCString(ByteBuf out, String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a protocol string must not contain NUL");
        }
        out.writeCharSequence(value, StandardCharsets.UTF_8);
        out.writeByte(0);
    }

    /** Writes an Int32 length and the bytes, or {@link #NULL_LENGTH} alone when {@code value} is null. */
    public static void writeNullableBytes(ByteBuf out, byte[] value) {
        if (value == null) {
            out.writeInt(NULL_LENGTH);
        } else {
            out.writeInt(value.length);
            out.writeBytes(value);
        }
    }

    /**
     * Reads a NUL-terminated UTF-8 string and consumes its terminator.
     *
     * @throws ProtocolException if no NUL occurs in the readable bytes
     */
    public static String readCString(ByteBuf in) {
        int length = in.bytesBefore((byte) 0);
        if (length < 0) {
            throw new ProtocolException("a string field has no NUL terminator");
        }
        String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length + 1);
        return value;
    }

    /** Reads an Int8 (a signed byte). */
    public static byte readByte(ByteBuf in) {
        require(in, 1);
        return in.readByte();
    }

    /** Reads an Int16. */
    public static short readShort(ByteBuf in) {
        require(in, 2);
        return in.readShort();
    }

    /** Reads an Int32. */
    public static int readInt(ByteBuf in) {
        require(in, 4);
        return in.readInt();
    }

    /**
     * Reads an Int16 count of following items and checks it against what could possibly follow. Counts are
     * unsigned, as PostgreSQL reads them ({@code pq_getmsgint(msg, 2)}): a Bind may carry up to 65535 parameters.
     *
     * @param minItemSize the fewest bytes one item occupies, so that a count the body cannot hold is refused
     *     before anything is allocated for it
     * @throws ProtocolException if the count is negative or the remaining bytes cannot hold that many items
     */
    public static int readCount16(ByteBuf in, int minItemSize) {
        return checkCount(in, readShort(in) & 0xffff, minItemSize);
    }

    /**
     * Writes an Int16 count.
     *
     * @throws IllegalArgumentException if {@code count} does not fit in an unsigned 16-bit field
     */
    public static void writeCount16(ByteBuf out, int count) {
        if (count < 0 || count > 0xffff) {
            throw new IllegalArgumentException("a count of " + count + " does not fit in an Int16 field");
        }
        out.writeShort(count);
    }

    /** Writes an Int16 count and that many Int16 values, the layout of every format-code list. */
    public static void writeShorts(ByteBuf out, List<Short> values) {
        writeCount16(out, values.size());
        for (short value : values) {
            out.writeShort(value);
        }
    }

    /** Reads an Int16 count and that many Int16 values, the layout of every format-code list. */
    public static List<Short> readShorts(ByteBuf in) {
        int count = readCount16(in, 2);
        Short[] values = new Short[count];
        for (int i = 0; i < count; i++) {
            values[i] = in.readShort();
        }
        return List.of(values);
    }

    /**
     * Scans {@code count} length-prefixed values (Int32 length, -1 for NULL, then the bytes), the layout of DataRow
     * columns and Bind parameters, checking every length, and records where each starts.
     *
     * @param in positioned at the first value's length; advanced past the last value
     * @return for each value, the offset of its length field from the reader index at the time of the call
     * @throws ProtocolException if a length is below -1 or runs past the readable bytes
     */
    public static int[] readValueOffsets(ByteBuf in, int count) {
        int start = in.readerIndex();
        int[] offsets = new int[count];
        for (int i = 0; i < count; i++) {
            offsets[i] = in.readerIndex() - start;
            int length = readInt(in);
            if (length != NULL_LENGTH) {
                require(in, length);
                in.skipBytes(length);
            }
        }
        return offsets;
    }

    /**
     * The value whose length field is at {@code offset} in {@code values}, as a slice sharing its memory and
     * reference count (not retained), or {@code null} for NULL.
     */
    public static ByteBuf valueAt(ByteBuf values, int offset) {
        int length = values.getInt(offset);
        return length == NULL_LENGTH ? null : values.slice(offset + 4, length);
    }

    /** Like {@link #readCount16}, for an Int32 count. */
    public static int readCount32(ByteBuf in, int minItemSize) {
        return checkCount(in, readInt(in), minItemSize);
    }

    private static int checkCount(ByteBuf in, int count, int minItemSize) {
        if (count < 0 || (long) count * minItemSize > in.readableBytes()) {
            throw new ProtocolException("a count of " + count + " items does not fit in the "
                    + in.readableBytes() + " bytes left in the message");
        }
        return count;
    }

    /**
     * Reads {@code length} bytes into a new array after checking they are present.
     *
     * @throws ProtocolException if {@code length} is negative or more than the readable bytes
     */
    public static byte[] readBytes(ByteBuf in, int length) {
        require(in, length);
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return bytes;
    }

    /** Reads all remaining readable bytes into a new array. */
    public static byte[] readRemainingBytes(ByteBuf in) {
        return readBytes(in, in.readableBytes());
    }

    /**
     * Reads an Int32 length and that many bytes; {@code null} when the length is {@link #NULL_LENGTH}.
     *
     * @throws ProtocolException if the length is below -1 or more than the readable bytes
     */
    public static byte[] readNullableBytes(ByteBuf in) {
        int length = readInt(in);
        return length == NULL_LENGTH ? null : readBytes(in, length);
    }

    /**
     * Checks that {@code length} bytes are readable.
     *
     * @throws ProtocolException if {@code length} is negative or more than the readable bytes
     */
    public static void require(ByteBuf in, int length) {
        if (length < 0 || length > in.readableBytes()) {
            throw new ProtocolException("a field of " + length + " bytes runs past the end of the message ("
                    + in.readableBytes() + " bytes left)");
        }
    }

    /**
     * Checks that a message body was consumed exactly, as PostgreSQL's {@code pq_getmsgend} does: extra bytes mean
     * the peer and we disagree about the message's layout.
     *
     * @throws ProtocolException if bytes remain
     */
    public static void requireFullyRead(ByteBuf body) {
        if (body.isReadable()) {
            throw new ProtocolException(body.readableBytes() + " unexpected bytes after the last field");
        }
    }
}
