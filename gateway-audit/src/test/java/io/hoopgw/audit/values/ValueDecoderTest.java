package io.hoopgw.audit.values;

import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.audit.schema.Value;
import io.hoopgw.audit.schema.ValueFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ValueDecoderTest {
    private static Value binary(int oid, String hex) {
        return ValueDecoder.decode(oid, ValueFormat.BINARY, HexFormat.of().parseHex(hex), 1024);
    }

    /** Binary wire bytes (as pgjdbc and libpq send them) and PostgreSQL's text output for the same value. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "16|01|t",
        "16|00|f",
        "21|ff85|-123",
        "23|0000002a|42",
        "20|7fffffffffffffff|9223372036854775807",
        "26|ffffffff|4294967295",
        "701|3ff8000000000000|1.5",
        // 12345.678: 3 base-10000 digits 1, 2345, 6780; weight 1; dscale 3
        "1700|0003000100000003000109291a7c|12345.678",
        // -0.5: 1 digit 5000, weight -1, negative, dscale 1
        "1700|0001ffff400000011388|-0.5",
        "1700|00000000c0000000|NaN",
        "25|68c3a9|hé",
        "1043|616263|abc",
        "17|0102ff|\\x0102ff",
        "2950|0123456789abcdef0123456789abcdef|01234567-89ab-cdef-0123-456789abcdef",
        "1082|00000000|2000-01-01",
        "1082|7fffffff|infinity",
        "1114|0000000000000000|2000-01-01 00:00:00",
        "1184|000000003b9aca07|2000-01-01 00:16:40.000007+00",
        "3802|017b2261223a317d|{\"a\":1}",
        "114|7b7d|{}",
        // int4[] {1,NULL,3}: ndim 1, has nulls, element 23, size 3, lower bound 1
        "1007|" + "00000001" + "00000001" + "00000017" + "00000003" + "00000001" + "0000000400000001" + "ffffffff" + "0000000400000003" + "|{1,NULL,3}",
        // text[] {"a b",""}
        "1009|" + "00000001" + "00000000" + "00000019" + "00000002" + "00000001" + "00000003612062" + "00000000" + "|{\"a b\",\"\"}",
        "1007|000000000000000000000017|{}",
    })
    void decodesBinaryValuesOfCommonTypes(int oid, String hex, String text) {
        Value v = binary(oid, hex);
        assertThat(v.getText()).isEqualTo(text);
        assertThat(v.getRaw()).isNull();
        assertThat(v.getIsNull()).isFalse();
        assertThat(v.getLength()).isEqualTo(hex.length() / 2);
    }

    @Test
    void unknownTypesAndMisfitBytesAreKeptRawWithTheirType() {
        Value unknown = binary(600, "0102");
        assertThat(unknown.getText()).isNull();
        assertThat(unknown.getRaw()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
        assertThat(unknown.getTypeOid()).isEqualTo(600);
        assertThat(binary(23, "000001").getRaw()).isNotNull();
        assertThat(binary(0, "00000001").getRaw()).isNotNull();
    }

    @Test
    void textValuesAreTextUnlessTheyAreNotUtf8() {
        Value text = ValueDecoder.decode(23, ValueFormat.TEXT, "42".getBytes(StandardCharsets.UTF_8), 1024);
        assertThat(text.getText()).isEqualTo("42");
        Value invalid = ValueDecoder.decode(25, ValueFormat.TEXT, new byte[] {(byte) 0xc3, 0x28}, 1024);
        assertThat(invalid.getText()).isNull();
        assertThat(invalid.getRaw()).isEqualTo(ByteBuffer.wrap(new byte[] {(byte) 0xc3, 0x28}));
    }

    @Test
    void nullIsDistinctFromEmpty() {
        Value nul = ValueDecoder.decode(25, ValueFormat.TEXT, (byte[]) null, 1024);
        Value empty = ValueDecoder.decode(25, ValueFormat.TEXT, new byte[0], 1024);
        assertThat(nul.getIsNull()).isTrue();
        assertThat(nul.getLength()).isEqualTo(-1);
        assertThat(nul.getText()).isNull();
        assertThat(empty.getIsNull()).isFalse();
        assertThat(empty.getText()).isEmpty();
    }

    @Test
    void longValuesAreCutAndMarked() {
        Value v = ValueDecoder.decode(25, ValueFormat.TEXT, "x".repeat(100).getBytes(StandardCharsets.UTF_8), 16);
        assertThat(v.getTruncated()).isTrue();
        assertThat(v.getLength()).isEqualTo(100);
        assertThat(v.getRaw().remaining()).isEqualTo(16);
    }
}
