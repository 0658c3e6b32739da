package io.hoopgw.server.relay;

import io.hoopgw.core.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;

/**
 * Follows message boundaries in one direction of a PostgreSQL byte stream without copying or framing it.
 *
 * <p>The relay forwards each read as it arrived; this tracker only reads the five header bytes of every message in
 * place (tag and length) and skips the body, so the cost per message is a few loads, whatever its size. A header
 * split across two reads is the one case that needs state: its first bytes are held back (at most four) until the
 * header is complete and has been checked, so that a frame with an invalid length never reaches the peer, not even
 * in part.
 *
 * <p>Not thread-safe: one instance per direction per connection, used on its event loop.
 */
public final class MessageBoundaryTracker {
    private static final int HEADER_LENGTH = 5;

    /** Receives each message header as the tracker passes it. */
    @FunctionalInterface
    public interface HeaderListener {
        /**
         * Called once per message, before any of its bytes are forwarded.
         *
         * @param tag    the message's type byte
         * @param length the length field: body length plus four
         * @throws ProtocolException to stop the stream: the message and everything after it is not forwarded
         */
        void onHeader(byte tag, int length);
    }

    private final int maxMessageLength;
    private final HeaderListener listener;
    private final byte[] heldHeader = new byte[HEADER_LENGTH];
    private int heldHeaderLength;
    private long bodyRemaining;

    /**
     * @param maxMessageLength the largest length field accepted; larger ones are a protocol violation
     * @param listener         told about each header
     */
    public MessageBoundaryTracker(int maxMessageLength, HeaderListener listener) {
        if (maxMessageLength < 4) {
            throw new IllegalArgumentException("max message length must be at least 4, was " + maxMessageLength);
        }
        this.maxMessageLength = maxMessageLength;
        this.listener = listener;
    }

    /** Whether the stream so far ends exactly at a message boundary: a gateway-made message may be inserted. */
    public boolean atBoundary() {
        return bodyRemaining == 0 && heldHeaderLength == 0;
    }

    /**
     * Walks the headers in {@code in} and says how to forward it.
     *
     * @param in a read from the stream; not consumed, its indices are not changed
     * @return what to forward
     * @throws ProtocolException when a header is invalid; the stream cannot continue
     */
    public Advance advance(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int index = start;
        byte[] completedHeld = null;

        if (heldHeaderLength > 0) {
            int needed = HEADER_LENGTH - heldHeaderLength;
            int available = Math.min(needed, end - index);
            in.getBytes(index, heldHeader, heldHeaderLength, available);
            heldHeaderLength += available;
            index += available;
            if (heldHeaderLength < HEADER_LENGTH) {
                return new Advance(null, 0);
            }
            int length = checkedLength(heldHeader[0], headerLength(heldHeader));
            completedHeld = java.util.Arrays.copyOf(heldHeader, HEADER_LENGTH - needed);
            heldHeaderLength = 0;
            bodyRemaining = length - 4L;
        }

        while (true) {
            if (bodyRemaining > 0) {
                long skip = Math.min(bodyRemaining, end - index);
                index += (int) skip;
                bodyRemaining -= skip;
                if (bodyRemaining > 0) {
                    break;
                }
            }
            int readable = end - index;
            if (readable == 0) {
                break;
            }
            if (readable < HEADER_LENGTH) {
                in.getBytes(index, heldHeader, 0, readable);
                heldHeaderLength = readable;
                break;
            }
            int length = checkedLength(in.getByte(index), in.getInt(index + 1));
            index += HEADER_LENGTH;
            bodyRemaining = length - 4L;
        }
        int forwardEnd = heldHeaderLength > 0 ? end - heldHeaderLength : end;
        return new Advance(completedHeld, forwardEnd - start);
    }

    private int checkedLength(byte tag, int length) {
        if (length < 4 || length > maxMessageLength) {
            throw new ProtocolException("invalid length " + length + " for message " + ProtocolException.describeTag(tag)
                    + " (allowed 4 to " + maxMessageLength + ")");
        }
        listener.onHeader(tag, length);
        return length;
    }

    private static int headerLength(byte[] header) {
        return ((header[1] & 0xff) << 24) | ((header[2] & 0xff) << 16) | ((header[3] & 0xff) << 8) | (header[4] & 0xff);
    }

    /**
     * What to forward from one read.
     *
     * @param heldPrefix the first bytes of a header held back from the previous read, to be sent before this
     *                   read's bytes; null when none
     * @param length     how many bytes from the read's reader index to forward; the rest (a partial header) is held
     */
    public record Advance(byte[] heldPrefix, int length) {
    }
}
