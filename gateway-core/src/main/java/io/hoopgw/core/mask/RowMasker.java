package io.hoopgw.core.mask;

import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.backend.DataRow;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
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
 * <p>A row that needs no change costs one copy of its bytes into an array this masker reuses (rows of up to
 * {@value #REUSED_ROW_BYTES} bytes in a direct buffer) and one table-driven pass over the values the detectors may
 * care about, and allocates nothing; it is reported as unchanged so the caller can forward its original bytes. A
 * row that changes is written straight into its new message: unchanged columns as they came, masked values as
 * they are produced. Not thread-safe (it counts into a {@link MaskCounts} and reuses buffers); one per result, on
 * the session's thread.
 */
public final class RowMasker {
    /**
     * Rows up to this size that arrive in a direct buffer are copied into one reused array and read there: a copy
     * is cheaper than reading a direct buffer byte by byte through its bounds and reference-count checks. A
     * larger row is read in place, and only the values the detectors may match are copied, each into an array of
     * its own, so that one huge row does not pin a huge array for the rest of the result.
     */
    static final int REUSED_ROW_BYTES = 64 * 1024;

    private final TextMasking text;
    private final MaskColumn[] columns;
    private final MaskCounts counts;
    private final boolean passThrough;
    private final TextMasking.Work work;
    private byte[] rowBytes = new byte[0];
    /**
     * The buffer {@link #maskBody} writes rewritten rows into, reused from row to row while the caller holds no
     * slice of it: a row handed over is a retained slice, usually copied and released at once by the relay. A
     * heap buffer of this masker's own, so neither the allocator nor the leak detector sees a buffer per row.
     */
    private ByteBuf rewritten;
    /** The length field of the message {@link #begin} started. */
    private int messageLengthIndex;

    RowMasker(TextMasking text, List<MaskColumn> columns, MaskCounts counts) {
        this.text = text;
        this.columns = columns.toArray(new MaskColumn[0]);
        this.counts = counts;
        boolean anyRule = false;
        for (MaskColumn column : this.columns) {
            anyRule |= column.rule() != null;
        }
        this.passThrough = !anyRule && text.isEmpty();
        this.work = text.newWork();
    }

    /** Whether no row of this result can change (no column rule applies and there are no detectors). */
    public boolean passThrough() {
        return passThrough;
    }

    /**
     * Masks a DataRow message body.
     *
     * @param body the bytes after the length field (Int16 column count, then the columns), from its reader index
     *             to its writer index; read in place, not consumed: neither its indices nor its reference count
     *             change
     * @return {@code null} when the row is unchanged (forward the original bytes), else a buffer owned by the
     *     caller holding the complete rewritten DataRow message (tag, length, body): a retained slice of a buffer
     *     this masker reuses for the next row once the caller has released it
     * @throws ProtocolException if the body is malformed or its column count differs from this result's
     */
    public ByteBuf maskBody(ByteBuf body) {
        return maskBody(body, body.readerIndex(), body.readableBytes());
    }

    /**
     * Masks a DataRow message body that lies inside a larger buffer, as {@link #maskBody(ByteBuf)} does, without a
     * slice of it.
     *
     * @param buffer holds the body at {@code index}; read in place, not consumed: neither its indices nor its
     *               reference count change
     * @param index  where the body (the column count) starts
     * @param length the body's length: the message's length field minus 4
     * @return {@code null} when the row is unchanged, else a buffer owned by the caller holding the complete
     *     rewritten DataRow message (see {@link #maskBody(ByteBuf)})
     * @throws ProtocolException if the body is malformed or its column count differs from this result's
     */
    public ByteBuf maskBody(ByteBuf buffer, int index, int length) {
        if (length < 2) {
            throw new ProtocolException("a DataRow body of " + length + " bytes has no column count");
        }
        int count = buffer.getUnsignedShort(index);
        checkCount(count);
        if (passThrough) {
            return null;
        }
        return rewrite(buffer, index + 2, index + length, null, true);
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
            out = rewrite(data, data.readerIndex(), data.writerIndex(), alloc, false);
            if (out == null) {
                return row;
            }
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

    /**
     * Masks the columns in {@code [from, limit)} of {@code data}.
     *
     * @param alloc   allocates the columns-only form (not used for messages, see {@link #rewritten})
     * @param message whether to write a whole DataRow message (tag, length, column count) or the columns only
     * @return {@code null} if no column changes, else the new bytes, owned by the caller
     */
    private ByteBuf rewrite(ByteBuf data, int from, int limit, ByteBufAllocator alloc, boolean message) {
        // Where the columns can be read as an array: array index = buffer index + shift.
        byte[] array;
        int shift;
        int size = limit - from;
        if (data.hasArray()) {
            array = data.array();
            shift = data.arrayOffset();
        } else if (size <= REUSED_ROW_BYTES) {
            if (rowBytes.length < size) {
                rowBytes = new byte[Math.max(size, Math.min(2 * rowBytes.length, REUSED_ROW_BYTES))];
            }
            array = rowBytes;
            shift = -from;
            data.getBytes(from, array, 0, size);
        } else {
            array = null;
            shift = 0;
        }
        ByteBuf out = null;
        try {
            int position = from;
            int copied = from;
            for (int i = 0; i < columns.length; i++) {
                if (position + 4 > limit) {
                    throw new ProtocolException("DataRow column " + i + " runs past the end of the message");
                }
                int length = array != null ? intAt(array, position + shift) : data.getInt(position);
                int valueIndex = position + 4;
                if (length < WireFormat.NULL_LENGTH || length > limit - valueIndex) {
                    throw new ProtocolException("DataRow column " + i + " claims " + length + " bytes");
                }
                int columnStart = position;
                position = length == WireFormat.NULL_LENGTH ? valueIndex : valueIndex + length;
                if (length == WireFormat.NULL_LENGTH) {
                    continue;
                }
                MaskColumn column = columns[i];
                int type = column.typeOid();
                boolean jsonbBinary = column.binary() && type == PgTypes.JSONB;
                boolean readable = !column.binary() || PgTypes.isTextLike(type)
                        && !(jsonbBinary && (length < 1 || byteAt(data, array, shift, valueIndex)
                        != PgTypes.JSONB_VERSION));
                int textIndex = jsonbBinary ? valueIndex + 1 : valueIndex;
                int textLength = jsonbBinary ? length - 1 : length;
                boolean json = PgTypes.isJson(type);
                ColumnRule rule = column.rule();
                if (rule != null) {
                    counts.add(rule);
                    String masked = readable ? rule.strategy().apply(array != null
                            ? new String(array, textIndex + shift, textLength, StandardCharsets.UTF_8)
                            : data.toString(textIndex, textLength, StandardCharsets.UTF_8)) : null;
                    out = begin(out, data, copied, columnStart, limit, alloc, message);
                    copied = position;
                    if (masked == null) {
                        out.writeInt(WireFormat.NULL_LENGTH);
                        continue;
                    }
                    int lengthIndex = beginValue(out, jsonbBinary);
                    out.writeCharSequence(json ? JsonStrings.quote(masked) : masked, StandardCharsets.UTF_8);
                    endValue(out, lengthIndex);
                    continue;
                }
                if (!readable) {
                    if (column.binary() && binaryNumberMatches(type, data, valueIndex, length)) {
                        out = begin(out, data, copied, columnStart, limit, alloc, message);
                        copied = position;
                        out.writeInt(WireFormat.NULL_LENGTH);
                    }
                    continue;
                }
                byte[] value = array;
                int offset = textIndex + shift;
                long profile;
                if (value != null) {
                    profile = TextProfile.scan(value, offset, textLength);
                } else {
                    profile = TextProfile.scan(data, textIndex, textLength);
                    if (!text.mayMatch(profile)) {
                        continue;
                    }
                    value = new byte[textLength];
                    offset = 0;
                    data.getBytes(textIndex, value);
                }
                if (!text.find(value, offset, textLength, profile, work)) {
                    continue;
                }
                out = begin(out, data, copied, columnStart, limit, alloc, message);
                copied = position;
                int lengthIndex = beginValue(out, jsonbBinary);
                text.write(work, json, counts, out);
                endValue(out, lengthIndex);
            }
            if (position != limit) {
                throw new ProtocolException((limit - position) + " unexpected bytes after the last DataRow column");
            }
            if (out == null) {
                return null;
            }
            out.writeBytes(data, copied, limit - copied);
            if (!message) {
                return out;
            }
            WireFormat.endMessage(out, messageLengthIndex);
            if (out.capacity() > REUSED_ROW_BYTES) {
                rewritten = null; // not kept: the caller gets the buffer itself
                return out;
            }
            return out.retainedSlice();
        } catch (RuntimeException e) {
            if (out != null && out != rewritten) {
                out.release();
            }
            throw e;
        }
    }

    /**
     * Whether a binary integer or numeric value's decimal text is matched by a detector (a card number fetched as a
     * binary {@code bigint}): it then becomes NULL, since its bytes cannot hold a mask; counted for the rule that
     * matched.
     */
    private boolean binaryNumberMatches(int type, ByteBuf data, int index, int length) {
        if (!BinaryNumbers.isNumber(type)) {
            return false;
        }
        String decimal = BinaryNumbers.decimal(type, data, index, length);
        return decimal != null && text.mask(decimal, false, counts) != decimal;
    }

    /** The reused buffer for a rewritten message, empty, or a new one while a slice of the last is still held. */
    private ByteBuf reusedBuffer(int size) {
        if (rewritten != null && rewritten.refCnt() == 1) {
            rewritten.clear();
        } else {
            if (rewritten != null) {
                rewritten.release(); // the caller still holds a slice; it frees the buffer when it releases that
            }
            rewritten = Unpooled.buffer(Math.max(size, 256));
        }
        return rewritten;
    }

    /**
     * Starts the rewritten bytes at the first changed column, or continues them: copies the unchanged columns in
     * {@code [copied, columnStart)} of {@code data}.
     */
    private ByteBuf begin(ByteBuf out, ByteBuf data, int copied, int columnStart, int limit, ByteBufAllocator alloc,
            boolean message) {
        if (out == null) {
            int size = limit - copied + 7 + 16 * columns.length;
            if (message) {
                out = reusedBuffer(size);
                messageLengthIndex = WireFormat.beginMessage(out, DataRow.TAG);
                out.writeShort(columns.length);
            } else {
                out = alloc.buffer(size);
            }
        }
        out.writeBytes(data, copied, columnStart - copied);
        return out;
    }

    /** Writes a value's length placeholder (and jsonb's version byte); returns the placeholder's index. */
    private static int beginValue(ByteBuf out, boolean jsonbBinary) {
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        if (jsonbBinary) {
            out.writeByte(PgTypes.JSONB_VERSION);
        }
        return lengthIndex;
    }

    private static void endValue(ByteBuf out, int lengthIndex) {
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
    }

    private static int intAt(byte[] array, int index) {
        return (array[index] & 0xff) << 24 | (array[index + 1] & 0xff) << 16 | (array[index + 2] & 0xff) << 8
                | array[index + 3] & 0xff;
    }

    private static byte byteAt(ByteBuf data, byte[] array, int shift, int index) {
        return array != null ? array[index + shift] : data.getByte(index);
    }
}
