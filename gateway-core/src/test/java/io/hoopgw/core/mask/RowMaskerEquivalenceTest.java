package io.hoopgw.core.mask;

import static io.hoopgw.core.mask.MaskingConfigTest.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.core.protocol.backend.DataRow;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The row masker reads ASCII values as bytes and writes masked values straight into the message; this checks, value
 * by value, that what it sends is exactly what masking the decoded text ({@link TextMasking#mask(String, boolean,
 * MaskCounts)}) gives, with the same counts: for values that just match and just miss, multi-byte UTF-8, JSON, rows
 * in heap and direct buffers, inside a larger buffer, and rows too large for the masker's reused array.
 */
class RowMaskerEquivalenceTest {
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final Masker MASKER = config().forGroups(Set.of("analysts"));

    private static MaskingConfig config() {
        try {
            return MaskingConfig.read("masking.rules", List.of(
                    rule("name", "cards", "detect", "card", "strategy", "partial", "keep-last", 4),
                    rule("name", "emails", "detect", "email", "strategy", "redact", "mask", "[email]"),
                    rule("name", "ssns", "detect", "ssn", "strategy", "redact", "mask", "«ssn»"),
                    rule("name", "ibans", "detect", "iban", "strategy", "hash", "key", "0123456789abcdef0123"),
                    rule("name", "secrets", "detect", "regex", "pattern", "secret-[a-z]+", "strategy", "redact"),
                    rule("name", "umlauts", "detect", "regex", "pattern", "ü+", "strategy", "redact",
                            "mask", "\"u\"")));
        } catch (MaskConfigException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> values() {
        List<String> values = new ArrayList<>(List.of(
                "", "x", "plain text", "order 0000000001", "user1 at example.com",
                // cards: 12 and 13 digits, Luhn off by one, grouped, next to letters, in a record, in a decimal
                "411111111111", "4222222222222", "4222222222223", "4111 1111 1111 1111", "4111-1111-1111-1111",
                "4111 1111 1111 1112", "x4111111111111111", "4111111111111111x", "(1,4111111111111111)",
                "0.4111111111111111", "5555-5555-5555-4444", "378282246310005", "6011 1111 1111 1117",
                "ref 1234 4111 1111 1111 1111", "41111111111111111111",
                // e-mail addresses that just match and just miss
                "a@b.co", "a@b.c", "user@example", ".user.@example.com", "user@example.com.", "@example.com",
                "mail bob@example.com or ann@example.org", "user@-example.com", "user@exa_mple.com",
                // SSNs and IBANs
                "123-45-6789", "000-45-6789", "666-45-6789", "123-45-67890", "2024-12-31", "1-123-45-6789",
                "GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765433",
                "gb82west12345698765432", "XGB82WEST12345698765432",
                // regular expressions
                "secret-abc", "a secret-", "SECRET-abc",
                // multi-byte UTF-8 around and inside the matches
                "Zürich 4111 1111 1111 1111 ü", "carte – 4111-1111-1111-1111 – ok", "josé@example.com",
                "user@exämple.com", "€ bob@example.com €", "😀4111111111111111😀", "😀 4111111111111111 😀",
                "üüü", "ü", "日本語 123-45-6789 テキスト", "GB82 WEST 1234 5698 7654 32 — £",
                // JSON documents: numbers, strings, escapes
                "{\"pan\": 4111111111111111, \"mail\": \"bob@example.com\", \"note\": \"x\\\"4111111111111111\"}",
                "[\"4111 1111 1111 1111\", 5555555555554444, \"secret-x\", \"ü\"]",
                "{\"a\": \"\\\\\", \"b\": 4111111111111111}", "{\"é\": \"a@b.co\"}"));
        // Long values: more matches than the masker's first room for them, and values whose row (four copies) is
        // larger than the array the masker reuses, so it is read in place (TextProfileTest covers longer values).
        values.add("4111111111111111 ".repeat(40));
        values.add("bob@example.com, ".repeat(1000));
        values.add("9".repeat(17_000) + " 4111111111111111");
        return values;
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String value : values()) {
            for (String buffer : List.of("heap", "direct", "inside-heap", "inside-direct")) {
                cases.add(Arguments.of(value, buffer));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("cases")
    void aRowIsMaskedExactlyAsItsDecodedValuesAre(String value, String buffer) {
        TextMasking reference = new TextMasking(MASKER.detectorRules());
        MaskCounts expectedCounts = MASKER.newCounts();
        MaskCounts counts = MASKER.newCounts();
        // The same value as text, json, and binary varchar and jsonb, between an int and a NULL.
        List<MaskColumn> columns = List.of(new MaskColumn(23, MaskColumn.TEXT_FORMAT, null),
                new MaskColumn(PgTypes.TEXT, MaskColumn.TEXT_FORMAT, null),
                new MaskColumn(PgTypes.JSON, MaskColumn.TEXT_FORMAT, null),
                new MaskColumn(PgTypes.VARCHAR, MaskColumn.BINARY_FORMAT, null),
                new MaskColumn(PgTypes.JSONB, MaskColumn.BINARY_FORMAT, null),
                new MaskColumn(PgTypes.TEXT, MaskColumn.TEXT_FORMAT, null));
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        byte[] jsonb = withVersion(utf8);
        byte[][] row = {bytes("42"), utf8, utf8, utf8, jsonb, null};

        boolean changed = false;
        byte[][] expected = new byte[row.length][];
        for (int i = 0; i < row.length; i++) {
            expected[i] = row[i];
        }
        for (int i = 1; i <= 4; i++) {
            boolean json = i == 2 || i == 4;
            String masked = reference.mask(value, json, expectedCounts);
            if (masked != value) {
                changed = true;
                byte[] bytes = masked.getBytes(StandardCharsets.UTF_8);
                expected[i] = i == 4 ? withVersion(bytes) : bytes;
            }
        }

        ByteBuf body = body(row, buffer);
        ByteBuf out = null;
        try {
            RowMasker masker = MASKER.rowMasker(columns, counts);
            int index = start(body, buffer);
            int length = length(body, buffer);
            int readerIndex = body.readerIndex();
            out = buffer.startsWith("inside") ? masker.maskBody(body, index, length) : masker.maskBody(body);
            assertThat(body.readerIndex()).isEqualTo(readerIndex);
            if (!changed) {
                assertThat(out).isNull();
            } else {
                assertThat(out).isNotNull();
                assertThat(ByteBufUtil.hexDump(out)).isEqualTo(message(expected));
            }
            assertThat(counts.snapshot()).isEqualTo(expectedCounts.snapshot());
            // A second row through the same masker (its reused buffers) gives the same bytes.
            if (out != null) {
                out.release();
                out = null;
            }
            counts.reset();
            out = buffer.startsWith("inside") ? masker.maskBody(body, index, length) : masker.maskBody(body);
            assertThat(out == null ? null : ByteBufUtil.hexDump(out)).isEqualTo(changed ? message(expected) : null);
            assertThat(counts.snapshot()).isEqualTo(expectedCounts.snapshot());
        } finally {
            body.release();
            if (out != null) {
                out.release();
            }
        }
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("cases")
    void aDecodedRowIsMaskedAsItsBodyIs(String value, String buffer) {
        MaskCounts counts = MASKER.newCounts();
        RowMasker masker = MASKER.rowMasker(List.of(new MaskColumn(PgTypes.TEXT, MaskColumn.TEXT_FORMAT, null),
                new MaskColumn(PgTypes.JSON, MaskColumn.TEXT_FORMAT, null)), counts);
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        ByteBuf body = body(new byte[][] {utf8, utf8}, buffer);
        ByteBuf fromBody = null;
        DataRow row = DataRow.decode(body.slice(start(body, buffer), length(body, buffer)));
        DataRow result = null;
        try {
            fromBody = masker.maskBody(body, start(body, buffer), length(body, buffer));
            result = masker.mask(row, ALLOC);
            if (fromBody == null) {
                assertThat(result).isSameAs(row);
            } else {
                ByteBuf encoded = Unpooled.buffer();
                result.encode(encoded);
                assertThat(ByteBufUtil.hexDump(encoded)).isEqualTo(ByteBufUtil.hexDump(fromBody));
                encoded.release();
            }
        } finally {
            body.release();
            if (fromBody != null) {
                fromBody.release();
            }
            if (result != null) {
                result.release();
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] withVersion(byte[] text) {
        byte[] out = new byte[text.length + 1];
        out[0] = PgTypes.JSONB_VERSION;
        System.arraycopy(text, 0, out, 1, text.length);
        return out;
    }

    private static int start(ByteBuf body, String buffer) {
        return buffer.startsWith("inside") ? 7 : body.readerIndex();
    }

    private static int length(ByteBuf body, String buffer) {
        return buffer.startsWith("inside") ? body.writerIndex() - 10 : body.readableBytes();
    }

    /** A DataRow body in a pooled heap or direct buffer, alone or after 7 other bytes and before 3. */
    private static ByteBuf body(byte[][] columns, String buffer) {
        ByteBuf body = buffer.endsWith("heap") ? ALLOC.heapBuffer() : ALLOC.directBuffer();
        if (buffer.startsWith("inside")) {
            body.writeBytes(new byte[] {'D', 0, 0, 0, 0, '4', '2'});
        }
        body.writeShort(columns.length);
        for (byte[] column : columns) {
            WireFormat.writeNullableBytes(body, column);
        }
        if (buffer.startsWith("inside")) {
            body.writeBytes(new byte[] {'Z', '4', '1'});
        }
        return body;
    }

    private static String message(byte[][] columns) {
        DataRow row = DataRow.of(columns);
        ByteBuf out = Unpooled.buffer();
        try {
            row.encode(out);
            return ByteBufUtil.hexDump(out);
        } finally {
            out.release();
            row.release();
        }
    }
}
