package io.hoopgw.core.protocol.frontend;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Objects;

/**
 * Bind (F): bind parameter values to a prepared statement, making a portal.
 *
 * <p>Parameter values stay in the buffer they arrived in, like {@code DataRow} columns: the message holds one
 * retained slice of the value region and an offset per parameter. Bind is on the hot path of every
 * extended-protocol query and its values can be large (bytea uploads), so copying each into a {@code byte[]}
 * would cost an allocation and a copy per parameter for bytes the gateway usually only forwards or records. In
 * exchange the message is reference-counted, and a value from {@link #parameter} is valid only while it is.
 */
public final class Bind extends DefaultByteBufHolder implements FrontendMessage {
    /** The message's tag. */
    public static final char TAG = 'B';
    /** The text format code. */
    public static final short TEXT = 0;
    /** The binary format code. */
    public static final short BINARY = 1;

    private final String portal;
    private final String statement;
    private final List<Short> parameterFormats;
    private final int[] offsets;
    private final List<Short> resultFormats;

    private Bind(String portal, String statement, List<Short> parameterFormats, ByteBuf values, int[] offsets,
            List<Short> resultFormats) {
        super(values);
        this.portal = portal;
        this.statement = statement;
        this.parameterFormats = parameterFormats;
        this.offsets = offsets;
        this.resultFormats = resultFormats;
    }

    /**
     * A Bind with the given values in a new heap buffer.
     *
     * @param portal the portal to create, empty for the unnamed portal
     * @param statement the prepared statement, empty for the unnamed statement
     * @param parameterFormats none (all text), one (for all parameters) or one per parameter
     * @param parameters the values, {@code null} for NULL
     * @param resultFormats none (all text), one (for all columns) or one per result column
     */
    public static Bind of(String portal, String statement, List<Short> parameterFormats, List<byte[]> parameters,
            List<Short> resultFormats) {
        Objects.requireNonNull(portal, "portal");
        Objects.requireNonNull(statement, "statement");
        if (parameters.size() > 0xffff) {
            throw new IllegalArgumentException("a Bind carries at most 65535 parameters");
        }
        List<Short> parameterFormatsCopy = List.copyOf(parameterFormats);
        List<Short> resultFormatsCopy = List.copyOf(resultFormats);
        ByteBuf values = Unpooled.buffer();
        for (byte[] value : parameters) {
            WireFormat.writeNullableBytes(values, value);
        }
        int[] offsets = WireFormat.readValueOffsets(values.duplicate(), parameters.size());
        return new Bind(portal, statement, parameterFormatsCopy, values, offsets, resultFormatsCopy);
    }

    /**
     * Decodes a body, retaining a slice of its parameter values.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released (the
     *     message takes its own reference)
     * @throws ProtocolException if a field is truncated, a value length is below -1 or runs past the body, or
     *     bytes follow the result formats
     */
    public static Bind decode(ByteBuf body) {
        String portal = WireFormat.readCString(body);
        String statement = WireFormat.readCString(body);
        List<Short> parameterFormats = WireFormat.readShorts(body);
        int count = WireFormat.readCount16(body, 4);
        int start = body.readerIndex();
        int[] offsets = WireFormat.readValueOffsets(body, count);
        int end = body.readerIndex();
        List<Short> resultFormats = WireFormat.readShorts(body);
        WireFormat.requireFullyRead(body);
        return new Bind(portal, statement, parameterFormats, body.retainedSlice(start, end - start), offsets,
                resultFormats);
    }

    /** The portal to create, empty for the unnamed portal. */
    public String portal() {
        return portal;
    }

    /** The prepared statement to bind, empty for the unnamed statement. */
    public String statement() {
        return statement;
    }

    /** The parameter format codes as sent: none, one for all, or one per parameter. */
    public List<Short> parameterFormats() {
        return parameterFormats;
    }

    /** The format of parameter {@code index} (0-based) after applying the none/one/each rule. */
    public short parameterFormat(int index) {
        Objects.checkIndex(index, offsets.length);
        return switch (parameterFormats.size()) {
            case 0 -> TEXT;
            case 1 -> parameterFormats.get(0);
            default -> parameterFormats.get(index);
        };
    }

    /** The number of parameter values. */
    public int parameterCount() {
        return offsets.length;
    }

    /** Whether parameter {@code index} (0-based) is NULL. */
    public boolean isNull(int index) {
        return content().getInt(offsets[index]) == WireFormat.NULL_LENGTH;
    }

    /**
     * Parameter {@code index} (0-based) as a slice of this message's buffer: not a copy, not retained, valid while
     * this message is; {@code null} for NULL.
     */
    public ByteBuf parameter(int index) {
        return WireFormat.valueAt(content(), offsets[index]);
    }

    /** The result-column format codes: none, one for all, or one per column. */
    public List<Short> resultFormats() {
        return resultFormats;
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        WireFormat.writeCString(out, portal);
        WireFormat.writeCString(out, statement);
        WireFormat.writeShorts(out, parameterFormats);
        out.writeShort(offsets.length);
        ByteBuf values = content();
        out.writeBytes(values, values.readerIndex(), values.readableBytes());
        WireFormat.writeShorts(out, resultFormats);
        WireFormat.endMessage(out, lengthIndex);
    }

    @Override
    public Bind replace(ByteBuf content) {
        return new Bind(portal, statement, parameterFormats, content, offsets, resultFormats);
    }

    @Override
    public Bind copy() {
        return replace(content().copy());
    }

    @Override
    public Bind duplicate() {
        return replace(content().duplicate());
    }

    @Override
    public Bind retainedDuplicate() {
        return replace(content().retainedDuplicate());
    }

    @Override
    public Bind retain() {
        super.retain();
        return this;
    }

    @Override
    public Bind retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public Bind touch() {
        super.touch();
        return this;
    }

    @Override
    public Bind touch(Object hint) {
        super.touch(hint);
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bind other && portal.equals(other.portal) && statement.equals(other.statement)
                && parameterFormats.equals(other.parameterFormats) && resultFormats.equals(other.resultFormats)
                && content().equals(other.content());
    }

    @Override
    public int hashCode() {
        return Objects.hash(portal, statement, parameterFormats, resultFormats, content());
    }

    /** Leaves the values out: they may be sensitive. */
    @Override
    public String toString() {
        return "Bind[portal=" + portal + ", statement=" + statement + ", parameterFormats=" + parameterFormats
                + ", parameters=" + offsets.length + ", resultFormats=" + resultFormats + "]";
    }
}
