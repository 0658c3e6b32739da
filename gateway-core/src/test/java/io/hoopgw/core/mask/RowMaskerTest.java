package io.hoopgw.core.mask;

import static io.hoopgw.core.mask.MaskingConfigTest.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.backend.DataRow;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RowMaskerTest {
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final int INT8 = 20;
    private static final short TEXT = MaskColumn.TEXT_FORMAT;
    private static final short BINARY = MaskColumn.BINARY_FORMAT;

    private final Masker masker = config().forGroups(Set.of("analysts"));
    private final MaskCounts counts = masker.newCounts();

    private static MaskingConfig config() {
        try {
            return MaskingConfig.read("masking.rules", List.of(
                    rule("name", "tax-ids", "column", "public.people.tax_id", "strategy", "redact", "mask", "[tax]"),
                    rule("name", "pins", "column", "pin", "strategy", "null"),
                    rule("name", "cards", "detect", "card", "strategy", "partial", "keep-last", 4),
                    rule("name", "emails", "detect", "email", "strategy", "redact", "mask", "[email]"),
                    rule("name", "exempt-only", "detect", "ssn", "strategy", "redact", "exempt",
                            List.of("analysts"))));
        } catch (MaskConfigException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** A decoded row whose columns live in a pooled direct buffer, as rows from the network do. */
    private static DataRow row(byte[]... columns) {
        ByteBuf body = ALLOC.directBuffer();
        try {
            body.writeShort(columns.length);
            for (byte[] column : columns) {
                WireFormat.writeNullableBytes(body, column);
            }
            return DataRow.decode(body);
        } finally {
            body.release();
        }
    }

    private static String hex(DataRow row) {
        ByteBuf out = Unpooled.buffer();
        try {
            row.encode(out);
            return ByteBufUtil.hexDump(out);
        } finally {
            out.release();
        }
    }

    private static MaskColumn text(int type) {
        return new MaskColumn(type, TEXT, null);
    }

    private RowMasker masker(MaskColumn... columns) {
        return masker.rowMasker(Arrays.asList(columns), counts);
    }

    @Test
    void unchangedRowIsReturnedAsTheSameObjectWithoutACopy() {
        RowMasker rows = masker(text(PgTypes.TEXT), text(PgTypes.TEXT), text(INT8), text(PgTypes.TEXT));
        DataRow row = row(utf8("hello"), null, utf8("1000000000000008"), utf8("call 555-0132, order 20240115"));
        ByteBuf before = row.content();
        DataRow result = rows.mask(row, ALLOC);
        try {
            assertThat(result).isSameAs(row);
            assertThat(result.content()).isSameAs(before);
            assertThat(row.refCnt()).isEqualTo(1);
            assertThat(counts.total()).isZero();
        } finally {
            result.release();
        }
    }

    @Test
    void maskBodyLeavesTheBodyAloneAndReportsUnchangedAsNull() {
        RowMasker rows = masker(text(PgTypes.TEXT), text(PgTypes.TEXT));
        ByteBuf body = ALLOC.directBuffer();
        try {
            body.writeShort(2);
            WireFormat.writeNullableBytes(body, utf8("plain"));
            WireFormat.writeNullableBytes(body, null);
            int readerIndex = body.readerIndex();
            assertThat(rows.maskBody(body)).isNull();
            assertThat(body.readerIndex()).isEqualTo(readerIndex);
            assertThat(body.refCnt()).isEqualTo(1);
        } finally {
            body.release();
        }
    }

    @Test
    void textValuesHaveOnlyTheirMatchesReplacedAndLengthsRewritten() {
        RowMasker rows = masker(text(INT8), text(PgTypes.TEXT), text(PgTypes.VARCHAR), text(PgTypes.TEXT),
                text(INT8));
        DataRow row = row(utf8("1"), utf8("card 4111 1111 1111 1111 exp 12/25"), null,
                utf8("mail bob@example.com or ann@example.org; ünïcode"), utf8("4111111111111111"));
        DataRow result = rows.mask(row, ALLOC);
        DataRow expected = DataRow.of(utf8("1"), utf8("card ************1111 exp 12/25"), null,
                utf8("mail [email] or [email]; ünïcode"), utf8("************1111"));
        try {
            assertThat(row.refCnt()).isZero();
            assertThat(hex(result)).isEqualTo(hex(expected));
            assertThat(result.columnLength(3)).isEqualTo(utf8("mail [email] or [email]; ünïcode").length);
            assertThat(counts.snapshot()).containsExactly(java.util.Map.entry("cards", 2L),
                    java.util.Map.entry("emails", 1L));
        } finally {
            result.release();
            expected.release();
        }
    }

    @Test
    void maskBodyWritesACompleteDataRowMessage() {
        RowMasker rows = masker(text(PgTypes.TEXT), text(PgTypes.TEXT));
        ByteBuf body = ALLOC.heapBuffer();
        DataRow expected = DataRow.of(utf8("************1111"), null);
        ByteBuf out = null;
        try {
            body.writeShort(2);
            WireFormat.writeNullableBytes(body, utf8("4111111111111111"));
            WireFormat.writeNullableBytes(body, null);
            out = rows.maskBody(body);
            assertThat(ByteBufUtil.hexDump(out)).isEqualTo(hex(expected))
                    .isEqualTo("44" + "0000001e" + "0002" + "00000010" + ByteBufUtil.hexDump(utf8("************1111"))
                            + "ffffffff");
        } finally {
            body.release();
            expected.release();
            if (out != null) {
                out.release();
            }
        }
    }

    @Test
    void aRewrittenRowStaysIntactWhileHeldAndItsBufferIsReusedOnlyOnceReleased() {
        RowMasker rows = masker(text(PgTypes.TEXT));
        ByteBuf card = Unpooled.buffer().writeShort(1);
        WireFormat.writeNullableBytes(card, utf8("4111111111111111"));
        ByteBuf mail = Unpooled.buffer().writeShort(1);
        WireFormat.writeNullableBytes(mail, utf8("bob@example.com"));
        DataRow maskedCard = DataRow.of(utf8("************1111"));
        DataRow maskedMail = DataRow.of(utf8("[email]"));
        ByteBuf first = null;
        ByteBuf second = null;
        ByteBuf third = null;
        try {
            first = rows.maskBody(card);
            second = rows.maskBody(mail); // while the first is held
            assertThat(ByteBufUtil.hexDump(first)).isEqualTo(hex(maskedCard));
            assertThat(ByteBufUtil.hexDump(second)).isEqualTo(hex(maskedMail));
            first.release();
            first = null;
            second.release();
            second = null;
            third = rows.maskBody(card); // reuses the second's buffer, released
            assertThat(ByteBufUtil.hexDump(third)).isEqualTo(hex(maskedCard));
            assertThat(third.refCnt()).isEqualTo(2);
        } finally {
            for (ByteBuf buffer : new ByteBuf[] {first, second, third, card, mail}) {
                if (buffer != null) {
                    buffer.release();
                }
            }
            maskedCard.release();
            maskedMail.release();
        }
    }

    @Test
    void binaryTextLikeValuesAreMaskedAndBinaryNumbersADetectorMatchesBecomeNull() {
        ColumnRule pins = masker.columnRule(null, null, null, "pin");
        byte[] int8 = Unpooled.copyLong(4111111111111111L).array();
        byte[] notACard = Unpooled.copyLong(4111111111111112L).array(); // fails the Luhn check
        byte[] timestamp = Unpooled.copyLong(4111111111111111L).array(); // same bytes, not a number type
        RowMasker rows = masker(new MaskColumn(PgTypes.VARCHAR, BINARY, null),
                new MaskColumn(PgTypes.BPCHAR, BINARY, null), new MaskColumn(INT8, BINARY, null),
                new MaskColumn(INT8, BINARY, pins), new MaskColumn(PgTypes.NAME, BINARY, null),
                new MaskColumn(INT8, BINARY, null), new MaskColumn(1184, BINARY, null));
        DataRow row = row(utf8("4111-1111-1111-1111"), utf8("bob@example.com     "), int8, int8, utf8("alice"),
                notACard, timestamp);
        DataRow result = rows.mask(row, ALLOC);
        DataRow expected = DataRow.of(utf8("************1111"), utf8("[email]     "), null, null, utf8("alice"),
                notACard, timestamp);
        try {
            assertThat(hex(result)).isEqualTo(hex(expected));
            assertThat(counts.count("pins")).isEqualTo(1);
            assertThat(counts.count("cards")).isEqualTo(2);
        } finally {
            result.release();
            expected.release();
        }
    }

    @Test
    void jsonStaysValidJsonInTextAndBinaryFormat() {
        ColumnRule taxIds = masker.columnRule("public", "people", "tax_id", "doc");
        String document = "{\"pan\": 4111111111111111, \"mail\": \"bob@example.com\", \"note\": \"x\\\"4111111111111111\"}";
        String masked = "{\"pan\": \"************1111\", \"mail\": \"[email]\", \"note\": \"x\\\"************1111\"}";
        byte[] jsonb = ByteBufUtil.getBytes(Unpooled.wrappedBuffer(new byte[] {1}, utf8(document)));
        byte[] maskedJsonb = ByteBufUtil.getBytes(Unpooled.wrappedBuffer(new byte[] {1}, utf8(masked)));
        RowMasker rows = masker(text(PgTypes.JSON), new MaskColumn(PgTypes.JSONB, BINARY, null),
                new MaskColumn(PgTypes.JSONB, BINARY, taxIds), new MaskColumn(PgTypes.JSON, TEXT, taxIds),
                new MaskColumn(PgTypes.JSONB, BINARY, null));
        byte[] unknownVersion = {2, '{', '}'};
        DataRow row = row(utf8(document), jsonb, jsonb, utf8(document), unknownVersion);
        DataRow result = rows.mask(row, ALLOC);
        DataRow expected = DataRow.of(utf8(masked), maskedJsonb, new byte[] {1, '"', '[', 't', 'a', 'x', ']', '"'},
                utf8("\"[tax]\""), unknownVersion);
        try {
            assertThat(hex(result)).isEqualTo(hex(expected));
            assertThat(counts.count("tax-ids")).isEqualTo(2);
        } finally {
            result.release();
            expected.release();
        }
    }

    @Test
    void columnRulesReplaceWholeValuesAndNullStaysNull() {
        ColumnRule taxIds = masker.columnRule("public", "people", "tax_id", "tax_id");
        ColumnRule pins = masker.columnRule(null, null, null, "pin");
        RowMasker rows = masker(new MaskColumn(PgTypes.TEXT, TEXT, taxIds), new MaskColumn(PgTypes.TEXT, TEXT, pins),
                new MaskColumn(PgTypes.TEXT, TEXT, taxIds));
        assertThat(rows.passThrough()).isFalse();
        DataRow row = row(utf8("DE-123"), utf8("1234"), null);
        DataRow result = rows.mask(row, ALLOC);
        DataRow expected = DataRow.of(utf8("[tax]"), null, null);
        try {
            assertThat(hex(result)).isEqualTo(hex(expected));
            assertThat(counts.snapshot()).containsExactly(java.util.Map.entry("tax-ids", 1L),
                    java.util.Map.entry("pins", 1L));
        } finally {
            result.release();
            expected.release();
        }
    }

    @Test
    void exemptCallersGetEveryRowUntouched() {
        Masker exempt = MaskingConfig.NONE.forGroups(Set.of());
        RowMasker rows = exempt.rowMasker(List.of(text(PgTypes.TEXT)), exempt.newCounts());
        assertThat(rows.passThrough()).isTrue();
        DataRow row = row(utf8("4111111111111111"));
        DataRow result = rows.mask(row, ALLOC);
        assertThat(result).isSameAs(row);
        result.release();
    }

    @Test
    void aRowOfTheWrongWidthIsAProtocolErrorAndIsReleased() {
        RowMasker rows = masker(text(PgTypes.TEXT));
        DataRow row = row(utf8("a"), utf8("b"));
        assertThatThrownBy(() -> rows.mask(row, ALLOC)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("2 columns but its result has 1");
        assertThat(row.refCnt()).isZero();
        ByteBuf body = Unpooled.buffer().writeShort(1).writeInt(5).writeByte('x');
        try {
            assertThatThrownBy(() -> rows.maskBody(body)).isInstanceOf(ProtocolException.class);
        } finally {
            body.release();
        }
    }
}
