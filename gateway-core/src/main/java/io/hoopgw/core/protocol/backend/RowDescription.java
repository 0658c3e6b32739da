package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Objects;

/**
 * RowDescription (B): the columns of the rows that follow.
 *
 * @param fields one entry per column; copied, unmodifiable
 */
public record RowDescription(List<Field> fields) implements BackendMessage {
    /** The message's tag. */
    public static final char TAG = 'T';
    /** The fewest bytes a field occupies on the wire: an empty name's NUL and six fixed-size fields. */
    private static final int MIN_FIELD_LENGTH = 1 + 4 + 2 + 4 + 2 + 4 + 2;

    /** Copies the list. */
    public RowDescription {
        fields = List.copyOf(fields);
    }

    /**
     * One column of a RowDescription.
     *
     * @param name the column name
     * @param tableOid the table's OID if the column is a table column, else 0
     * @param columnAttributeNumber the column's attribute number if a table column, else 0
     * @param dataTypeOid the data type's OID
     * @param dataTypeSize the type's size ({@code pg_type.typlen}); negative for variable-width types
     * @param typeModifier the type modifier ({@code pg_attribute.atttypmod})
     * @param formatCode 0 for text, 1 for binary (always 0 from a Describe of a statement)
     */
    public record Field(String name, int tableOid, short columnAttributeNumber, int dataTypeOid,
            short dataTypeSize, int typeModifier, short formatCode) {

        /** Checks for null. */
        public Field {
            Objects.requireNonNull(name, "name");
        }
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        WireFormat.writeCount16(out, fields.size());
        for (Field field : fields) {
            WireFormat.writeCString(out, field.name());
            out.writeInt(field.tableOid());
            out.writeShort(field.columnAttributeNumber());
            out.writeInt(field.dataTypeOid());
            out.writeShort(field.dataTypeSize());
            out.writeInt(field.typeModifier());
            out.writeShort(field.formatCode());
        }
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Decodes a body.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released
     * @throws ProtocolException if a field is truncated or bytes follow the last
     */
    public static RowDescription decode(ByteBuf body) {
        int count = WireFormat.readCount16(body, MIN_FIELD_LENGTH);
        Field[] fields = new Field[count];
        for (int i = 0; i < count; i++) {
            String name = WireFormat.readCString(body);
            WireFormat.require(body, MIN_FIELD_LENGTH - 1);
            fields[i] = new Field(name, body.readInt(), body.readShort(), body.readInt(), body.readShort(),
                    body.readInt(), body.readShort());
        }
        WireFormat.requireFullyRead(body);
        return new RowDescription(List.of(fields));
    }
}
