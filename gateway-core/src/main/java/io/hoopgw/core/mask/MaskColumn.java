package io.hoopgw.core.mask;

import io.hoopgw.core.protocol.backend.RowDescription;

/**
 * What a {@link RowMasker} needs to know about one result column.
 *
 * @param typeOid    the column's data type OID (RowDescription)
 * @param formatCode 0 for text, 1 for binary: the format the rows carry this column in (from RowDescription, or
 *                   from the Bind that chose result formats when the RowDescription came from a statement Describe)
 * @param rule       the column rule that applies to this column for this caller, or {@code null} for none
 */
public record MaskColumn(int typeOid, short formatCode, ColumnRule rule) {
    /** The text format code. */
    public static final short TEXT_FORMAT = 0;
    /** The binary format code. */
    public static final short BINARY_FORMAT = 1;

    /** Checks the format code. */
    public MaskColumn {
        if (formatCode != TEXT_FORMAT && formatCode != BINARY_FORMAT) {
            throw new IllegalArgumentException("a format code is 0 or 1, not " + formatCode);
        }
    }

    /** A column described by a RowDescription field, its format taken from the field. */
    public static MaskColumn of(RowDescription.Field field, ColumnRule rule) {
        return new MaskColumn(field.dataTypeOid(), field.formatCode(), rule);
    }

    /** Whether values arrive in binary format. */
    public boolean binary() {
        return formatCode == BINARY_FORMAT;
    }
}
