package io.hoopgw.core.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * What CopyData shares in both directions: the same tag and layout (the body is the data), a buffer held by
 * reference count, and a {@code toString} that leaves the data out. The two public types,
 * {@code io.hoopgw.core.protocol.frontend.CopyData} and {@code io.hoopgw.core.protocol.backend.CopyData}, add only
 * their direction, their constructor and {@code decode}.
 *
 * <p>Holds its data as a buffer, usually a retained slice of the frame it arrived in; released by whoever holds
 * the last reference. Every {@code ByteBufHolder} method returns the concrete message type.
 *
 * @param <M> the concrete message type
 */
public abstract class AbstractCopyData<M extends AbstractCopyData<M>> extends DefaultByteBufHolder {
    /** CopyData's tag, the same in both directions. */
    public static final char TAG = 'd';

    /**
     * Wraps data.
     *
     * @param data the data from its reader index to its writer index; consumed: this message owns it
     */
    protected AbstractCopyData(ByteBuf data) {
        super(data);
    }

    /**
     * Writes this message as one complete frame.
     *
     * @param out the buffer to append to; not released. The data is copied, not consumed.
     */
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        ByteBuf data = content();
        out.writeBytes(data, data.readerIndex(), data.readableBytes());
        WireFormat.endMessage(out, lengthIndex);
    }

    /** A message of the same type holding {@code content}, which it consumes. */
    @Override
    public abstract M replace(ByteBuf content);

    @Override
    public M copy() {
        return replace(content().copy());
    }

    @Override
    public M duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public M retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public M retain() {
        super.retain();
        return self();
    }

    @Override
    public M retain(int increment) {
        super.retain(increment);
        return self();
    }

    @Override
    public M touch() {
        super.touch();
        return self();
    }

    @Override
    public M touch(Object hint) {
        super.touch(hint);
        return self();
    }

    /** Leaves the data out: it is table content. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[bytes=" + content().readableBytes() + "]";
    }

    @SuppressWarnings("unchecked") // M is the concrete class, as the type parameter's bound requires
    private M self() {
        return (M) this;
    }
}
