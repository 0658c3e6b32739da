package io.hoopgw.audit.read;

import io.hoopgw.audit.schema.AuditRecord;
import org.apache.avro.generic.GenericRecord;

/**
 * A record as read, with where it was found.
 *
 * @param segment the segment file name
 * @param offset  the start of the Avro block holding it
 * @param record  the record
 */
public record AuditEntry(String segment, long offset, AuditRecord record) {
    /** The session the record belongs to, or null (segment starts, checkpoints). */
    public String sessionId() {
        GenericRecord payload = (GenericRecord) record.getPayload();
        return payload.getSchema().getField("sessionId") == null ? null : (String) payload.get("sessionId");
    }

    /** The payload's type name ({@code QueryStatement}, {@code SessionStarted}, ...). */
    public String kind() {
        return ((GenericRecord) record.getPayload()).getSchema().getName();
    }
}
