package io.hoopgw.audit.store;

import io.hoopgw.audit.schema.AuditRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The schemas hoopgw gateways have written segments with. A segment's header carries the schema its records are
 * decoded with, and nothing in the chain or the checkpoints covers the header: a header that renamed two fields of
 * the same type, or swapped two enum symbols, would make sealed bytes say something else while every hash still
 * matched. So a segment is read only when its schema is one of these (compared as Avro compares schemas: names,
 * types, symbols, branches, defaults and logical types; not documentation).
 */
public final class ReleasedSchemas {
    private static final List<Schema> RELEASED = List.of(load("AuditRecord-1.0.avsc"), AuditRecord.getClassSchema());

    private ReleasedSchemas() {
    }

    /** Whether a hoopgw gateway wrote segments with {@code schema}. */
    public static boolean isReleased(Schema schema) {
        return RELEASED.contains(schema);
    }

    private static Schema load(String name) {
        try (InputStream in = AuditRecord.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("released schema " + name + " is missing from the build");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
