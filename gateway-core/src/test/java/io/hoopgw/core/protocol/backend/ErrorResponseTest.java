package io.hoopgw.core.protocol.backend;

import static io.hoopgw.core.protocol.codec.CodecTesting.unhex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.core.protocol.SqlState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorResponseTest {

    @Test
    void builderRequiresSeveritySqlStateAndMessage() {
        assertThatThrownBy(() -> ErrorResponse.builder().sqlState(SqlState.INTERNAL_ERROR).message("m").build())
                .isInstanceOf(IllegalStateException.class).hasMessage("severity is required");
        assertThatThrownBy(() -> ErrorResponse.builder().severity(ErrorResponse.Severity.ERROR).message("m").build())
                .isInstanceOf(IllegalStateException.class).hasMessage("SQLSTATE is required");
        assertThatThrownBy(() -> ErrorResponse.builder().severity(ErrorResponse.Severity.ERROR)
                .sqlState(SqlState.INTERNAL_ERROR).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("message is required");
        assertThatThrownBy(() -> ErrorResponse.builder().sqlState("2800"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ErrorResponse.builder().field('C', "28000"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builderWritesFieldsInPostgresOrder() {
        ErrorResponse error = ErrorResponse.builder()
                .hint("use a token from the company IdP")
                .message("token rejected")
                .detail("the token expired at 12:00")
                .sqlState(SqlState.INVALID_PASSWORD)
                .severity(ErrorResponse.Severity.FATAL)
                .field(NoticeField.ROUTINE, "verify")
                .build();
        assertThat(error.fields().keySet()).containsExactly('S', 'V', 'C', 'M', 'H', 'D', 'R');
        assertThat(error.severity()).isEqualTo(ErrorResponse.Severity.FATAL);
        assertThat(error.field('S')).isEqualTo("FATAL");
        assertThat(error.field('V')).isEqualTo("FATAL");
        assertThat(error.sqlState()).isEqualTo("28P01");
        assertThat(error.message()).isEqualTo("token rejected");
        assertThat(error.detail()).isEqualTo("the token expired at 12:00");
        assertThat(error.hint()).isEqualTo("use a token from the company IdP");
        assertThat(error.field('t')).isNull();
    }

    @Test
    void severityPrefersTheNonLocalizedField() {
        Map<Character, String> fields = new LinkedHashMap<>();
        fields.put('S', "FEHLER");
        fields.put('V', "ERROR");
        fields.put('C', "42P01");
        assertThat(new ErrorResponse(fields).severity()).isEqualTo(ErrorResponse.Severity.ERROR);
        fields.remove('V');
        assertThat(new ErrorResponse(fields).severity()).isNull();
        fields.put('S', "PANIC");
        assertThat(new ErrorResponse(fields).severity()).isEqualTo(ErrorResponse.Severity.PANIC);
    }

    @Test
    void decodesUpstreamFieldsInWireOrder() {
        // S "ERROR", C "42P01", M "x", P "15", terminator
        ByteBuf body = Unpooled.wrappedBuffer(unhex("53 4552524f5200 43 343250303100 4d 7800 50 313500 00"));
        ErrorResponse error = ErrorResponse.decode(body);
        body.release();
        assertThat(error.fields().keySet()).containsExactly('S', 'C', 'M', 'P');
        assertThat(error.field(NoticeField.POSITION)).isEqualTo("15");
        assertThat(error.severity()).isEqualTo(ErrorResponse.Severity.ERROR);
    }

    @Test
    void noticeHasItsOwnSeverities() {
        NoticeResponse notice = NoticeResponse.builder().severity(NoticeResponse.Severity.INFO).sqlState("00000")
                .message("hello").build();
        assertThat(notice.severity()).isEqualTo(NoticeResponse.Severity.INFO);
        assertThat(notice.fields().keySet()).containsExactly('S', 'V', 'C', 'M');
        Map<Character, String> fields = Map.of('V', "ERROR");
        assertThat(new NoticeResponse(fields).severity()).isNull();
    }

    @Test
    void refusesFieldCodesThatCannotBeEncoded() {
        assertThatThrownBy(() -> new ErrorResponse(Map.of('\0', "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ErrorResponse(Map.of('\u20ac', "x"))).isInstanceOf(IllegalArgumentException.class);
    }
}
