package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * CopyData (F): a chunk of COPY FROM STDIN data (or replication feedback in COPY BOTH mode).
 *
 * <p>Holds its data as a buffer, usually a retained slice of the frame it arrived in; reference-counted, released
 * by whoever holds the last reference.
 */
public final class CopyData extends DefaultByteBufHolder implements FrontendMessage {
    /** The message's tag. */
    public static final char TAG = 'd';

    /**
     * Wraps data.
     *
     * @param data the data from its reader index to its writer index; consumed: this message owns it
     */
    public CopyData(ByteBuf data) {
        super(data);
    }

    /**
     * Decodes a body, retaining a slice of it.
     *
     * @param body the bytes after the length field, exactly to the end of the message; consumed to its end, not
     *     released (the message takes its own reference)
     */
    public static CopyData decode(ByteBuf body) {
        return new CopyData(body.readRetainedSlice(body.readableBytes()));
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        ByteBuf data = content();
        out.writeBytes(data, data.readerIndex(), data.readableBytes());
        WireFormat.endMessage(out, lengthIndex);
    }

    @Override
    public CopyData replace(ByteBuf content) {
        return new CopyData(content);
    }

    @Override
    public CopyData copy() {
        return replace(content().copy());
    }

    @Override
    public CopyData duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public CopyData retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public CopyData retain() {
        super.retain();
        return this;
    }

    @Override
    public CopyData retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public CopyData touch() {
        super.touch();
        return this;
    }

    @Override
    public CopyData touch(Object hint) {
        super.touch(hint);
        return this;
    }

    /** Leaves the data out: it is table content. */
    @Override
    public String toString() {
        return "CopyData[bytes=" + content().readableBytes() + "]";
    }
}
