package io.hoopgw.benchmarks;

import io.hoopgw.core.protocol.backend.DataRow;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Writes the protocol bytes the benchmarks feed to the code under test, as a PostgreSQL server would send them. */
final class Wire {
    private Wire() {
    }

    /**
     * Appends a DataRow body: the column count, then per column its length and UTF-8 text.
     *
     * @param out     appended to; not released
     * @param columns text values, {@code null} for NULL
     */
    static void writeDataRowBody(ByteBuf out, String... columns) {
        out.writeShort(columns.length);
        for (String column : columns) {
            WireFormat.writeNullableBytes(out, column == null ? null : column.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Appends a complete DataRow message: tag, length, body.
     *
     * @param out appended to; not released
     */
    static void writeDataRow(ByteBuf out, String... columns) {
        int lengthIndex = WireFormat.beginMessage(out, DataRow.TAG);
        writeDataRowBody(out, columns);
        WireFormat.endMessage(out, lengthIndex);
    }
}
