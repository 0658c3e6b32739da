package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.codec.AbstractCopyData;
import io.netty.buffer.ByteBuf;

/**
 * CopyData (F): a chunk of COPY FROM STDIN data (or replication feedback in COPY BOTH mode).
 *
 * <p>Holds its data as a buffer, usually a retained slice of the frame it arrived in; reference-counted, released
 * by whoever holds the last reference. Encoding, the reference-counting methods and {@code toString} are those
 * CopyData has in both directions ({@link AbstractCopyData}).
 */
public final class CopyData extends AbstractCopyData<CopyData> implements FrontendMessage {
    /** The message's tag. */
    public static final char TAG = AbstractCopyData.TAG;

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
    public CopyData replace(ByteBuf content) {
        return new CopyData(content);
    }
}
