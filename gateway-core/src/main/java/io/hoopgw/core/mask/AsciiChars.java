package io.hoopgw.core.mask;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The bytes of an ASCII value seen as characters, without decoding them into a {@link String}: in ASCII one byte
 * is one character, so the detectors' indices are byte offsets too. Reused from value to value; not thread-safe.
 */
final class AsciiChars implements CharSequence {
    private byte[] bytes = new byte[0];
    private int offset;
    private int length;

    /**
     * Shows {@code length} bytes of {@code bytes} from {@code offset}, which must all be ASCII (below 0x80); the
     * array is not copied, so it must not change while this view is in use.
     */
    AsciiChars reset(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        return this;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        Objects.checkIndex(index, length);
        return (char) bytes[offset + index];
    }

    @Override
    public String subSequence(int start, int end) {
        Objects.checkFromToIndex(start, end, length);
        return new String(bytes, offset + start, end - start, StandardCharsets.US_ASCII);
    }

    /** Writes the bytes of characters {@code [start, end)} to {@code out} (not released). */
    void writeTo(ByteBuf out, int start, int end) {
        Objects.checkFromToIndex(start, end, length);
        out.writeBytes(bytes, offset + start, end - start);
    }

    @Override
    public String toString() {
        return new String(bytes, offset, length, StandardCharsets.US_ASCII);
    }
}
