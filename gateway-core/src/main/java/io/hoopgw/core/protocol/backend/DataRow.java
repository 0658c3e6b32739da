package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;

/**
 * DataRow (B): one row of a result.
 *
 * <p>The columns stay in the buffer they arrived in: the row holds a retained slice of its column data and an
 * offset per column, so reading a column copies nothing and decoding a row allocates one slice and one small
 * array, however wide the row. It is therefore reference-counted: whoever holds the last reference releases it,
 * and a column obtained from {@link #column} is valid only while the row is.
 */
public final class DataRow extends DefaultByteBufHolder implements BackendMessage {
    /** The message's tag. */
    public static final char TAG = 'D';

    private final int[] offsets;

    private DataRow(ByteBuf columnData, int[] offsets) {
        super(columnData);
        this.offsets = offsets;
    }

    /**
     * Decodes a body, retaining a slice of it.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released (the
     *     row takes its own reference)
     * @throws ProtocolException if a column length is below -1 or runs past the body, or bytes follow the last
     */
    public static DataRow decode(ByteBuf body) {
        int count = WireFormat.readCount16(body, 4);
        int start = body.readerIndex();
        int[] offsets = WireFormat.readValueOffsets(body, count);
        WireFormat.requireFullyRead(body);
        return new DataRow(body.retainedSlice(start, body.readerIndex() - start), offsets);
    }

    /**
     * Wraps column data laid out as on the wire (per column an Int32 length, -1 for NULL, then the bytes), for
     * example a row the gateway has rewritten.
     *
     * @param columnCount how many columns {@code columnData} holds
     * @param columnData the columns from its reader index to its writer index; consumed: the row owns it, and
     *     releases it even when this method throws
     * @throws ProtocolException if the data does not hold exactly {@code columnCount} well-formed columns
     */
    public static DataRow wrap(int columnCount, ByteBuf columnData) {
        try {
            ByteBuf view = columnData.duplicate();
            if (columnCount < 0 || columnCount > 0xffff) {
                throw new ProtocolException("a DataRow holds 0 to 65535 columns, not " + columnCount);
            }
            int[] offsets = WireFormat.readValueOffsets(view, columnCount);
            WireFormat.requireFullyRead(view);
            return new DataRow(columnData.slice(), offsets);
        } catch (RuntimeException e) {
            columnData.release();
            throw e;
        }
    }

    /** A row of the given column values ({@code null} for NULL) in a new heap buffer. */
    public static DataRow of(byte[]... columns) {
        ByteBuf data = Unpooled.buffer();
        for (byte[] column : columns) {
            WireFormat.writeNullableBytes(data, column);
        }
        return wrap(columns.length, data);
    }

    /** The number of columns. */
    public int columnCount() {
        return offsets.length;
    }

    /** Whether column {@code index} (0-based) is NULL. */
    public boolean isNull(int index) {
        return columnLength(index) == WireFormat.NULL_LENGTH;
    }

    /** The length in bytes of column {@code index} (0-based), -1 for NULL. */
    public int columnLength(int index) {
        return content().getInt(offsets[index]);
    }

    /**
     * Column {@code index} (0-based) as a slice of the row's buffer: not a copy, not retained, valid while this
     * row is; {@code null} for NULL. Text-format columns are UTF-8.
     */
    public ByteBuf column(int index) {
        return WireFormat.valueAt(content(), offsets[index]);
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        out.writeShort(offsets.length);
        ByteBuf data = content();
        out.writeBytes(data, data.readerIndex(), data.readableBytes());
        WireFormat.endMessage(out, lengthIndex);
    }

    @Override
    public DataRow replace(ByteBuf content) {
        return new DataRow(content, offsets);
    }

    @Override
    public DataRow copy() {
        return replace(content().copy());
    }

    @Override
    public DataRow duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public DataRow retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public DataRow retain() {
        super.retain();
        return this;
    }

    @Override
    public DataRow retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public DataRow touch() {
        super.touch();
        return this;
    }

    @Override
    public DataRow touch(Object hint) {
        super.touch(hint);
        return this;
    }

    /** Leaves the values out: they are the data the gateway may have to mask. */
    @Override
    public String toString() {
        return "DataRow[columns=" + offsets.length + ", bytes=" + content().readableBytes() + "]";
    }
}
