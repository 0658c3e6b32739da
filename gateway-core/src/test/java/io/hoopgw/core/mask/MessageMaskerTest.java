package io.hoopgw.core.mask;

import static io.hoopgw.core.mask.MaskingConfigTest.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.core.protocol.SqlState;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.core.protocol.backend.NoticeField;
import io.hoopgw.core.protocol.backend.NoticeResponse;
import io.hoopgw.core.protocol.backend.NotificationResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageMaskerTest {
    private final Masker masker = config().forGroups(Set.of());
    private final MaskCounts counts = masker.newCounts();
    private final MessageMasker messages = masker.messageMasker(counts);

    private static MaskingConfig config() {
        try {
            return MaskingConfig.read("masking.rules", List.of(
                    rule("name", "tax-ids", "column", "public.people.tax_id", "strategy", "redact"),
                    rule("name", "pins", "column", "pin", "strategy", "null"),
                    rule("name", "cards", "detect", "card", "strategy", "partial", "keep-last", 4),
                    rule("name", "emails", "detect", "email", "strategy", "redact", "mask", "[email]")));
        } catch (MaskConfigException e) {
            throw new AssertionError(e);
        }
    }

    private static ErrorResponse uniqueViolation(String detail, String table) {
        return ErrorResponse.builder().severity(ErrorResponse.Severity.ERROR).sqlState("23505")
                .message("duplicate key value violates unique constraint \"people_key\"").detail(detail)
                .field(NoticeField.SCHEMA_NAME, "public").field(NoticeField.TABLE_NAME, table)
                .field(NoticeField.CONSTRAINT_NAME, "people_key").build();
    }

    @Test
    void detectorsMaskValuesEchoedInAKeyDetail() {
        ErrorResponse error = uniqueViolation("Key (card)=(4111 1111 1111 1111) already exists.", "cards");
        ErrorResponse masked = messages.mask(error);
        assertThat(masked.detail()).isEqualTo("Key (card)=(************1111) already exists.");
        assertThat(masked.fields().keySet()).containsExactlyElementsOf(error.fields().keySet());
        assertThat(masked.message()).isEqualTo(error.message());
        assertThat(counts.count("cards")).isEqualTo(1);
    }

    @Test
    void columnRulesMaskTheValuesOfTheirColumnsInAKeyDetail() {
        assertThat(messages.mask(uniqueViolation("Key (tax_id)=(DE 123) already exists.", "people")).detail())
                .isEqualTo("Key (tax_id)=(****) already exists.");
        assertThat(messages.mask(uniqueViolation("Key (tax_id)=(DE 123) already exists.", "orders")).detail())
                .isEqualTo("Key (tax_id)=(DE 123) already exists.");
        assertThat(messages.maskDetail("Key (name, pin)=(ann, 1234) is not present in table \"cards\".", null,
                null)).isEqualTo("Key (name, pin)=(****) is not present in table \"cards\".");
        assertThat(messages.maskDetail("Key (\"PIN\")=(1, 2) is still referenced from table \"x\".", "s", "t"))
                .isEqualTo("Key (\"PIN\")=(****) is still referenced from table \"x\".");
        assertThat(counts.snapshot()).containsExactly(Map.entry("tax-ids", 1L), Map.entry("pins", 2L));
    }

    @Test
    void messagesHintsAndContextAreMaskedToo() {
        ErrorResponse cast = ErrorResponse.builder().severity(ErrorResponse.Severity.ERROR)
                .sqlState(SqlState.PROTOCOL_VIOLATION.code())
                .message("invalid input syntax for type integer: \"4111111111111111\"")
                .field(NoticeField.WHERE, "SQL function \"f\" statement 1, value bob@example.com")
                .field(NoticeField.ROUTINE, "pg_strtoint32_safe").build();
        ErrorResponse masked = messages.mask(cast);
        assertThat(masked.message()).isEqualTo("invalid input syntax for type integer: \"************1111\"");
        assertThat(masked.field(NoticeField.WHERE)).isEqualTo("SQL function \"f\" statement 1, value [email]");
        assertThat(masked.field(NoticeField.ROUTINE)).isEqualTo("pg_strtoint32_safe");
        Map<Character, String> fields = new LinkedHashMap<>();
        fields.put(NoticeField.SEVERITY, "NOTICE");
        fields.put(NoticeField.CODE, "00000");
        fields.put(NoticeField.MESSAGE, "Failing row contains (1, bob@example.com).");
        NoticeResponse notice = new NoticeResponse(fields);
        assertThat(messages.mask(notice).fields().get(NoticeField.MESSAGE))
                .isEqualTo("Failing row contains (1, [email]).");
    }

    @Test
    void unchangedMessagesAreTheSameInstances() {
        ErrorResponse error = uniqueViolation("Key (id)=(42) already exists.", "people");
        assertThat(messages.mask(error)).isSameAs(error);
        NotificationResponse notification = new NotificationResponse(7, "orders", "{\"id\": 42}");
        assertThat(messages.mask(notification)).isSameAs(notification);
        assertThat(counts.total()).isZero();
    }

    @Test
    void notificationPayloadsAreMasked() {
        NotificationResponse notification = new NotificationResponse(7, "payments",
                "{\"card\": \"5555 5555 5555 4444\", \"by\": \"ann@example.org\"}");
        NotificationResponse masked = messages.mask(notification);
        assertThat(masked.payload()).isEqualTo("{\"card\": \"************4444\", \"by\": \"[email]\"}");
        assertThat(masked.channel()).isEqualTo("payments");
        assertThat(masked.processId()).isEqualTo(7);
        assertThat(masker.maskText("plain", counts)).isEqualTo("plain");
    }
}
