package io.hoopgw.audit.values;

import io.hoopgw.audit.schema.Value;
import io.hoopgw.audit.schema.ValueFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Turns a parameter or column value as sent into a recorded {@link Value}: text-format values as their text;
 * binary values of common types (int2/4/8, oid, float4/8, numeric, bool, text types, bytea, date, timestamp,
 * timestamptz, uuid, json, jsonb and arrays of these) in PostgreSQL's text output form; anything else, and bytes
 * that do not fit their declared type, as raw bytes with the type OID. NULL is its own state, never an empty
 * value. Values longer than the limit are kept raw up to the limit and marked truncated.
 */
public final class ValueDecoder {
    private ValueDecoder() {
    }

    /** The recorded form of a NULL of type {@code typeOid}. */
    public static Value nullValue(int typeOid, ValueFormat format) {
        return new Value(typeOid, format, true, null, null, -1, false);
    }

    /**
     * Decodes a value.
     *
     * @param value    the bytes, or null for NULL; read from its reader index to its writer index, indices
     *                 unchanged, not released
     * @param maxBytes longer values are kept raw, cut to this many bytes, and marked truncated
     */
    public static Value decode(int typeOid, ValueFormat format, ByteBuf value, int maxBytes) {
        if (value == null) {
            return nullValue(typeOid, format);
        }
        int length = value.readableBytes();
        byte[] bytes = ByteBufUtil.getBytes(value, value.readerIndex(), Math.min(length, maxBytes + 1));
        return decode(typeOid, format, bytes, length, maxBytes);
    }

    /** Decodes a value held in an array; {@code value} null for NULL. */
    public static Value decode(int typeOid, ValueFormat format, byte[] value, int maxBytes) {
        if (value == null) {
            return nullValue(typeOid, format);
        }
        return decode(typeOid, format, value, value.length, maxBytes);
    }

    private static Value decode(int typeOid, ValueFormat format, byte[] bytes, int length, int maxBytes) {
        if (length > maxBytes) {
            return new Value(typeOid, format, false, null, ByteBuffer.wrap(Arrays.copyOf(bytes, maxBytes)), length,
                    true);
        }
        String text = format == ValueFormat.TEXT ? TextValues.utf8(bytes, 0) : BinaryValues.render(typeOid, bytes);
        if (text == null) {
            return new Value(typeOid, format, false, null, ByteBuffer.wrap(bytes), length, false);
        }
        return new Value(typeOid, format, false, text, null, length, false);
    }
}
