package io.hoopgw.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.audit.schema.AuditRecord;
import java.io.InputStream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class ReleasedSchemasTest {
    private static Schema resultSummary(Schema envelope) {
        return envelope.getField("payload").schema().getTypes().stream()
                .filter(t -> t.getName().equals("ResultSummary")).findFirst().orElseThrow();
    }

    @Test
    void theSchemaThisBuildWritesIsReleased() {
        assertThat(ReleasedSchemas.isReleased(AuditRecord.getClassSchema())).isTrue();
        assertThat(ReleasedSchemas.isReleased(new Schema.Parser().parse(AuditRecord.getClassSchema().toString())))
                .isTrue();
    }

    @Test
    void version1WithoutMaskedCountsStaysReadable() throws Exception {
        Schema v10;
        try (InputStream in = AuditRecord.class.getResourceAsStream("AuditRecord-1.0.avsc")) {
            v10 = new Schema.Parser().parse(in);
        }
        assertThat(ReleasedSchemas.isReleased(v10)).isTrue();
        assertThat(resultSummary(v10).getField("masked")).isNull();
        assertThat(resultSummary(AuditRecord.getClassSchema()).getField("masked")).isNotNull();
    }

    @Test
    void aSchemaWithTwoFieldsRenamedIsNot() {
        String json = AuditRecord.getClassSchema().toString();
        Schema renamed = new Schema.Parser().parse(json.replaceFirst("\"name\":\"subject\"", "\"name\":\"subjekt\""));
        assertThat(ReleasedSchemas.isReleased(renamed)).isFalse();
    }
}
