package io.hoopgw.core.mask;

import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.backend.DataRow;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Masks the DataRows of one result, one row at a time, looking at the column bytes in place.
 *
 * <p>Per column: a NULL stays NULL. A column under a column rule has its whole value replaced by the rule's
 * strategy, if it is in text format or in binary format of a text-like type ({@link PgTypes#isTextLike}); a
 * binary-format value of any other type under a column rule becomes NULL, since its bytes cannot be masked
 * meaningfully. Values of json and jsonb columns are replaced by a JSON string, so clients that parse them still
 * can. Every other text-format value, and every other binary text-like value, goes through the detector rules,
 * which replace only their matches. A binary integer or numeric value is read as its decimal text: when a
 * detector matches it (an {@code int8} card number fetched in binary), it becomes NULL. Binary values of other
 * types are masked by column rules only.
 *
 * <p>A row that needs no change costs one pass over the bytes of the values the detectors may care about and
 * allocates nothing; it is reported as unchanged so the caller can forward its original bytes. Not thread-safe
 * (it counts into a {@link MaskCounts}); one per result, on the session's thread.
 */
public final class RowMasker {
    /** Marks a column that becomes NULL; compared by identity. */
    private static final byte[] NULL_VALUE = new byte[0];

    private final TextMasking text;
    private final MaskColumn[] columns;
    private final MaskCounts counts;
    private final boolean passThrough;

    RowMasker(TextMasking text, List<MaskColumn> columns, MaskCounts counts) {
        this.text = text;
        this.columns = columns.toArray(new MaskColumn[0]);
        this.counts = counts;
        boolean anyRule = false;
        for (MaskColumn column : this.columns) {
            anyRule |= column.rule() != null;
        }
        this.passThrough = !anyRule && text.isEmpty();
    }

    /** Whether no row of this result can change (no column rule applies and there are no detectors). */
    public boolean passThrough() {
        return passThrough;
    }

    /**
     * Masks a DataRow message body.
     *
     * @param body  the bytes after the length field (Int16 column count, then the columns), from its reader index
     *              to its writer index; read in place, not consumed: neither its indices nor its reference count
     *              change
     * @param alloc allocates the rewritten message
     * @return {@code null} when the row is unchanged (forward the original bytes), else a new buffer owned by the
     *     caller holding the complete rewritten DataRow message (tag, length, body)
     * @throws ProtocolException if the body is malformed or its column count differs from this result's
     */
    public ByteBuf maskBody(ByteBuf body, ByteBufAllocator alloc) {
        int start = body.readerIndex();
        if (body.readableBytes() < 2) {
            throw new ProtocolException("a DataRow body of " + body.readableBytes() + " bytes has no column count");
        }
        int count = body.getUnsignedShort(start);
        checkCount(count);
        if (passThrough) {
            return null;
        }
        int dataStart = start + 2;
        byte[][] replaced = mask(body, dataStart, body.writerIndex());
        if (replaced == null) {
            return null;
        }
        ByteBuf out = alloc.buffer(body.readableBytes() + 5 + 16 * count);
        int lengthIndex = WireFormat.beginMessage(out, DataRow.TAG);
        out.writeShort(count);
        writeColumns(out, body, dataStart, replaced);
        WireFormat.endMessage(out, lengthIndex);
        return out;
    }

    /**
     * Masks a decoded DataRow.
     *
     * @param row   consumed: returned as is when unchanged (same object, reference not touched), else released
     * @param alloc allocates the rewritten row's buffer
     * @return {@code row} itself if unchanged, else a new row the caller owns
     * @throws ProtocolException if the row's column count differs from this result's (the row is released)
     */
    public DataRow mask(DataRow row, ByteBufAllocator alloc) {
        ByteBuf out;
        try {
            checkCount(row.columnCount());
            if (passThrough) {
                return row;
            }
            ByteBuf data = row.content();
            byte[][] replaced = mask(data, data.readerIndex(), data.writerIndex());
            if (replaced == null) {
                return row;
            }
            out = alloc.buffer(data.readableBytes() + 16 * columns.length);
            writeColumns(out, data, data.readerIndex(), replaced);
        } catch (RuntimeException e) {
            row.release();
            throw e;
        }
        row.release();
        return DataRow.wrap(columns.length, out);
    }

    private void checkCount(int count) {
        if (count != columns.length) {
            throw new ProtocolException("a DataRow has " + count + " columns but its result has "
                    + columns.length);
        }
    }

    /** The replacement per column ({@code null}: unchanged), or {@code null} if no column changes. */
    private byte[][] mask(ByteBuf data, int from, int limit) {
        byte[][] replaced = null;
        int position = from;
        for (int i = 0; i < columns.length; i++) {
            if (position + 4 > limit) {
                throw new ProtocolException("DataRow column " + i + " runs past the end of the message");
            }
            int length = data.getInt(position);
            int valueIndex = position + 4;
            if (length < WireFormat.NULL_LENGTH || length > limit - valueIndex) {
                throw new ProtocolException("DataRow column " + i + " claims " + length + " bytes");
            }
            position = length == WireFormat.NULL_LENGTH ? valueIndex : valueIndex + length;
            if (length == WireFormat.NULL_LENGTH) {
                continue;
            }
            byte[] value = maskColumn(columns[i], data, valueIndex, length);
            if (value != null) {
                if (replaced == null) {
                    replaced = new byte[columns.length][];
                }
                replaced[i] = value;
            }
        }
        if (position != limit) {
            throw new ProtocolException((limit - position) + " unexpected bytes after the last DataRow column");
        }
        return replaced;
    }

    /** The new bytes of one non-NULL value, {@link #NULL_VALUE}, or {@code null} when unchanged. */
    private byte[] maskColumn(MaskColumn column, ByteBuf data, int index, int length) {
        int type = column.typeOid();
        boolean jsonbBinary = column.binary() && type == PgTypes.JSONB;
        boolean readable = !column.binary() || PgTypes.isTextLike(type)
                && !(jsonbBinary && (length < 1 || data.getByte(index) != PgTypes.JSONB_VERSION));
        int textIndex = jsonbBinary ? index + 1 : index;
        int textLength = jsonbBinary ? length - 1 : length;
        boolean json = PgTypes.isJson(type);
        ColumnRule rule = column.rule();
        String masked;
        if (rule != null) {
            counts.add(rule);
            if (!readable) {
                return NULL_VALUE;
            }
            masked = rule.strategy().apply(data.toString(textIndex, textLength, StandardCharsets.UTF_8));
            if (masked == null) {
                return NULL_VALUE;
            }
            if (json) {
                masked = JsonStrings.quote(masked);
            }
        } else {
            if (!readable) {
                return column.binary() ? maskBinaryNumber(type, data, index, length) : null;
            }
            masked = text.maskUtf8(data, textIndex, textLength, json, counts);
            if (masked == null) {
                return null;
            }
        }
        byte[] utf8 = masked.getBytes(StandardCharsets.UTF_8);
        if (!jsonbBinary) {
            return utf8;
        }
        byte[] withVersion = new byte[utf8.length + 1];
        withVersion[0] = PgTypes.JSONB_VERSION;
        System.arraycopy(utf8, 0, withVersion, 1, utf8.length);
        return withVersion;
    }

    /**
     * A binary integer or numeric value whose decimal text a detector matches (a card number fetched as a binary
     * {@code bigint}) becomes NULL, since its bytes cannot hold a mask; counted for the rule that matched.
     */
    private byte[] maskBinaryNumber(int type, ByteBuf data, int index, int length) {
        if (!BinaryNumbers.isNumber(type)) {
            return null;
        }
        String decimal = BinaryNumbers.decimal(type, data, index, length);
        return decimal == null || text.mask(decimal, false, counts) == decimal ? null : NULL_VALUE;
    }

    private void writeColumns(ByteBuf out, ByteBuf data, int from, byte[][] replaced) {
        int position = from;
        for (int i = 0; i < columns.length; i++) {
            int length = data.getInt(position);
            int next = position + 4 + Math.max(length, 0);
            byte[] value = replaced[i];
            if (value == null) {
                out.writeBytes(data, position, next - position);
            } else if (value == NULL_VALUE) {
                out.writeInt(WireFormat.NULL_LENGTH);
            } else {
                out.writeInt(value.length);
                out.writeBytes(value);
            }
            position = next;
        }
    }
}
