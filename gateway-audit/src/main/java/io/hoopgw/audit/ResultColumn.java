package io.hoopgw.audit;

import io.hoopgw.audit.schema.ValueFormat;
import java.util.Objects;

/**
 * A result column as RowDescription described it to the client.
 *
 * @param name    the column name
 * @param typeOid the data type's OID
 * @param format  text or binary
 */
public record ResultColumn(String name, int typeOid, ValueFormat format) {
    /** Checks for nulls. */
    public ResultColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
    }
}
