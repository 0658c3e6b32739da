package io.hoopgw.core.mask;

import static io.hoopgw.core.mask.MaskingConfigTest.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.core.protocol.backend.CopyData;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CopyRowMaskerTest {
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private final Masker masker = config().forGroups(Set.of());
    private final MaskCounts counts = masker.newCounts();

    private static MaskingConfig config() {
        try {
            return MaskingConfig.read("masking.rules", List.of(
                    rule("name", "pins", "column", "pin", "strategy", "null"),
                    rule("name", "notes", "column", "note", "strategy", "redact", "mask", "a,\"b\"\tc"),
                    rule("name", "secrets", "column", "secret", "strategy", "redact"),
                    rule("name", "cards", "detect", "card", "strategy", "partial", "keep-last", 4),
                    rule("name", "emails", "detect", "email", "strategy", "redact", "mask", "[email]")));
        } catch (MaskConfigException e) {
            throw new AssertionError(e);
        }
    }

    /** Masks one row given as a string; returns the masked row, or null when unchanged. */
    private String mask(CopyFormat format, List<ColumnRule> rules, String row) {
        CopyRowMasker copy = masker.copyRowMasker(format, rules, counts);
        ByteBuf in = ALLOC.directBuffer().writeBytes(row.getBytes(StandardCharsets.UTF_8));
        try {
            ByteBuf out = copy.mask(in, ALLOC);
            assertThat(in.readerIndex()).isZero();
            if (out == null) {
                return null;
            }
            try {
                return out.toString(StandardCharsets.UTF_8);
            } finally {
                out.release();
            }
        } finally {
            in.release();
        }
    }

    @Test
    void textRowsAreMaskedFieldByField() {
        assertThat(mask(CopyFormat.TEXT, List.of(), "1\t4111 1111 1111 1111\tbob@example.com\t\\N\n"))
                .isEqualTo("1\t************1111\t[email]\t\\N\n");
        assertThat(mask(CopyFormat.TEXT, List.of(), "1\tline one\\nbob@example.com\\tx\\\\y\n"))
                .isEqualTo("1\tline one\\n[email]\\tx\\\\y\n");
        assertThat(counts.snapshot()).containsEntry("cards", 1L).containsEntry("emails", 2L);
    }

    @Test
    void unchangedRowsAreReportedAsNull() {
        assertThat(mask(CopyFormat.TEXT, List.of(), "1\torder 1000000000000008\t\\N\n")).isNull();
        assertThat(mask(CopyFormat.TEXT, List.of(), "42\thello\n")).isNull();
        assertThat(mask(CopyFormat.CSV, List.of(), "1,\"a, b\",,\"\"\n")).isNull();
        assertThat(counts.total()).isZero();
    }

    @Test
    void numericEscapesCannotHideAValue() {
        assertThat(mask(CopyFormat.TEXT, List.of(), "bob\\100example.com\n")).isEqualTo("[email]\n");
        assertThat(mask(CopyFormat.TEXT, List.of(), "\\x34111111111111111\n")).isEqualTo("************1111\n");
    }

    @Test
    void textFieldRulesWriteTheNullStringAndEscapeTheDelimiter() {
        ColumnRule pins = masker.columnRule(null, null, null, "pin");
        ColumnRule notes = masker.columnRule(null, null, null, "note");
        assertThat(mask(CopyFormat.TEXT, Arrays.asList(null, pins, notes), "1\t1234\tsecret\n"))
                .isEqualTo("1\t\\N\ta,\"b\"\\tc\n");
        CopyFormat pipes = new CopyFormat(false, '|', '"', '"', "NULL");
        assertThat(mask(pipes, Arrays.asList(null, pins, notes), "1|1234|x\\|y\n")).isEqualTo("1|NULL|a,\"b\"\\tc\n");
    }

    @Test
    void csvRowsKeepTheirQuotingAndQuoteWhereNeeded() {
        assertThat(mask(CopyFormat.CSV, List.of(), "1,\"card, 4111 1111 1111 1111\",bob@example.com,,\"\"\r\n"))
                .isEqualTo("1,\"card, ************1111\",[email],,\"\"\r\n");
        assertThat(mask(CopyFormat.CSV, List.of(), "\"say \"\"bob@example.com\"\"\",2\n"))
                .isEqualTo("\"say \"\"[email]\"\"\",2\n");
        ColumnRule pins = masker.columnRule(null, null, null, "pin");
        ColumnRule notes = masker.columnRule(null, null, null, "note");
        assertThat(mask(CopyFormat.CSV, Arrays.asList(pins, notes), "1234,plain\n"))
                .isEqualTo(",\"a,\"\"b\"\"\tc\"\n");
        CopyFormat backslashEscape = new CopyFormat(true, ',', '"', '\\', "");
        assertThat(mask(backslashEscape, Arrays.asList(null, notes), "\"a\\\"b\",x\n"))
                .isEqualTo("\"a\\\"b\",\"a,\\\"b\\\"\tc\"\n");
    }

    @Test
    void aMaskedCsvValueIsQuotedWherePostgresWouldQuoteIt() {
        List<ColumnRule> secret = List.of(masker.columnRule(null, null, null, "secret"));
        // The original needed its quotes (a delimiter, a quote, a newline): the replacement does not.
        assertThat(mask(CopyFormat.CSV, secret, "\"a,b\"\n")).isEqualTo("****\n");
        assertThat(mask(CopyFormat.CSV, secret, "\"a\"\"b\"\n")).isEqualTo("****\n");
        assertThat(mask(CopyFormat.CSV, secret, "\"a\nb\"\n")).isEqualTo("****\n");
        // Quoted without needing it: FORCE_QUOTE, kept.
        assertThat(mask(CopyFormat.CSV, secret, "\"ab\"\n")).isEqualTo("\"****\"\n");
        // Known FORCE_QUOTE columns decide, whatever the original's quotes.
        for (boolean forced : List.of(false, true)) {
            CopyRowMasker copy = masker.copyRowMasker(CopyFormat.CSV, secret, i -> forced, counts);
            for (String row : List.of("\"a,b\"\n", "\"ab\"\n", "ab\n")) {
                ByteBuf in = ALLOC.buffer().writeBytes(row.getBytes(StandardCharsets.UTF_8));
                ByteBuf out = copy.mask(in, ALLOC);
                try {
                    assertThat(out.toString(StandardCharsets.UTF_8)).as(row).isEqualTo(forced ? "\"****\"\n"
                            : "****\n");
                } finally {
                    out.release();
                    in.release();
                }
            }
        }
        // The escape character alone does not make PostgreSQL quote; a value equal to the NULL string does.
        CopyFormat backslashEscape = new CopyFormat(true, ',', '"', '\\', "****");
        assertThat(mask(backslashEscape, List.of(), "a\\b bob@example.com\n")).isEqualTo("a\\b [email]\n");
        assertThat(mask(backslashEscape, secret, "x\n")).isEqualTo("\"****\"\n");
    }

    @Test
    void copyDataIsConsumedAndReturnedAsIsWhenUnchanged() {
        CopyRowMasker copy = masker.copyRowMasker(CopyFormat.TEXT, List.of(), counts);
        CopyData plain = new CopyData(ALLOC.buffer().writeBytes("1\thello\n".getBytes(StandardCharsets.UTF_8)));
        CopyData same = copy.mask(plain, ALLOC);
        assertThat(same).isSameAs(plain);
        assertThat(same.refCnt()).isEqualTo(1);
        same.release();
        CopyData card = new CopyData(ALLOC.buffer().writeBytes("4111111111111111\n".getBytes(StandardCharsets.UTF_8)));
        CopyData masked = copy.mask(card, ALLOC);
        try {
            assertThat(card.refCnt()).isZero();
            assertThat(masked.content().toString(StandardCharsets.UTF_8)).isEqualTo("************1111\n");
        } finally {
            masked.release();
        }
    }
}
