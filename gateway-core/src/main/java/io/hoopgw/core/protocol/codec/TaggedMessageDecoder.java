package io.hoopgw.core.protocol.codec;

import io.hoopgw.core.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Frames tagged messages (Byte1 tag, Int32 length including itself, body) with a hard cap on the length, and
 * hands each complete body to {@link #decodeBody}.
 *
 * <p>The body is a slice of the cumulation, read in place: decoding copies only what a message keeps as Java
 * values, and messages that keep bytes ({@code DataRow}, {@code CopyData}, {@code Bind}) retain the slice. The
 * frame is consumed before its body is decoded, so a malformed body is never decoded twice.
 *
 * <p>After the first {@link ProtocolException} the decoder discards all further input: the stream's framing can
 * no longer be trusted, and the connection is about to be closed.
 */
abstract class TaggedMessageDecoder extends ByteToMessageDecoder {
    private static final int HEADER_LENGTH = 5;

    private final int maxMessageLength;
    private final String direction;
    private final boolean[] knownTags = new boolean[256];
    private boolean failed;

    /**
     * @param maxMessageLength the largest length field accepted (the length counts itself, not the tag)
     * @param direction names the stream in exception messages, e.g. "frontend"
     * @param knownTags every tag {@link #decodeBody} accepts, so that an unknown one fails on its first byte
     */
    TaggedMessageDecoder(int maxMessageLength, String direction, String knownTags) {
        if (maxMessageLength < 4) {
            throw new IllegalArgumentException("maximum message length must be at least 4, not " + maxMessageLength);
        }
        this.maxMessageLength = maxMessageLength;
        this.direction = direction;
        for (char tag : knownTags.toCharArray()) {
            this.knownTags[tag] = true;
        }
    }

    /**
     * Decodes one message body.
     *
     * @param tag the message's tag, known to be one of the known tags
     * @param body exactly the bytes after the length field; read, not released, valid only during this call
     * @return the decoded message
     * @throws ProtocolException if the body does not match the message's layout
     */
    abstract Object decodeBody(byte tag, ByteBuf body);

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (!in.isReadable()) {
            return;
        }
        int start = in.readerIndex();
        byte tag = in.getByte(start);
        if (!knownTags[tag & 0xff]) {
            throw fail(new ProtocolException("unknown " + direction + " message tag " + ProtocolException.describeTag(tag)));
        }
        if (in.readableBytes() < HEADER_LENGTH) {
            return;
        }
        int length = in.getInt(start + 1);
        if (length < 4 || length > maxMessageLength) {
            throw fail(new ProtocolException(direction + " message " + ProtocolException.describeTag(tag)
                    + " has length " + length + ", outside 4.." + maxMessageLength));
        }
        if (in.readableBytes() - 1 < length) {
            return;
        }
        ByteBuf body = in.slice(start + HEADER_LENGTH, length - 4);
        in.skipBytes(1 + length);
        try {
            out.add(decodeBody(tag, body));
        } catch (RuntimeException e) {
            // ProtocolException from the layout checks, or anything a missed check let through: either way the
            // peer sent something malformed, and the pipeline must see one exception type for it.
            throw fail(new ProtocolException("malformed " + direction + " message "
                    + ProtocolException.describeTag(tag) + ": " + e.getMessage(), e));
        }
    }

    /** Returns the singleton of a message without fields, after checking its body is empty. */
    static <T> T fieldless(ByteBuf body, T instance) {
        WireFormat.requireFullyRead(body);
        return instance;
    }

    /** Thrown for a known tag that {@link #decodeBody} nevertheless has no case for. */
    final ProtocolException unknownTag(byte tag) {
        return new ProtocolException("unknown " + direction + " message tag " + ProtocolException.describeTag(tag));
    }

    private ProtocolException fail(ProtocolException e) {
        failed = true;
        return e;
    }
}
