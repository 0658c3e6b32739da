package io.hoopgw.core.mask;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The byte scans (array and buffer) must profile a value exactly as the character scan of its text does. */
class TextProfileTest {

    /** The character scan's profile with the length in UTF-8 bytes, which is what the byte scans report. */
    private static long expected(String text) {
        long chars = TextProfile.scan(text);
        int bytes = Math.min(text.getBytes(StandardCharsets.UTF_8).length, 0xffff);
        return chars & ~(0xffffL << 32) | (long) bytes << 32;
    }

    private static void assertScansAgree(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[utf8.length + 6];
        padded[0] = '7';
        padded[1] = '@';
        padded[2] = 'Q';
        System.arraycopy(utf8, 0, padded, 3, utf8.length);
        padded[padded.length - 1] = '-';
        assertThat(TextProfile.scan(padded, 3, utf8.length)).as(text).isEqualTo(expected(text));
        ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer();
        ByteBuf heap = PooledByteBufAllocator.DEFAULT.heapBuffer();
        try {
            direct.writeBytes(padded);
            heap.writeBytes(padded);
            assertThat(TextProfile.scan(direct, 3, utf8.length)).as(text).isEqualTo(expected(text));
            assertThat(TextProfile.scan(heap, 3, utf8.length)).as(text).isEqualTo(expected(text));
        } finally {
            direct.release();
            heap.release();
        }
    }

    @Test
    void everyByteValueIsClassifiedAsItsCharacterIs() {
        for (int c = 0; c < 0x80; c++) {
            assertScansAgree(String.valueOf((char) c));
            assertScansAgree("x" + (char) c + (char) c + "y");
        }
        // Every byte of a multi-byte character is >= 0x80: it only marks the value as non-ASCII.
        for (int c = 0x80; c < 0x800; c++) {
            assertScansAgree(String.valueOf((char) c));
        }
        assertThat(TextProfile.hasNonAscii(TextProfile.scan(new byte[] {(byte) 0xff}, 0, 1))).isTrue();
        assertThat(TextProfile.hasNonAscii(TextProfile.scan(new byte[] {0x7f}, 0, 1))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "4111 1111 1111 1111", "bob@example.com", "123-45-6789", "GB82 WEST 1234 5698 7654 32",
        "Zürich 4111-1111-1111-1111 €", "😀 a@b.co 😀", "日本語", "{\"pan\": 4111111111111111}"})
    void valuesProfileAlike(String text) {
        assertScansAgree(text);
        TextProfile.scan(text);
        assertThat(TextProfile.hasNonAscii(TextProfile.scan(text)))
                .isEqualTo(text.chars().anyMatch(c -> c >= 0x80));
    }

    @Test
    void randomValuesProfileAlike() {
        Random random = new Random(6);
        String alphabet = "0123456789ABCXYZabcxyz@-. _ü€😀\"\\";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                text.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0,
                        random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            assertScansAgree(text.toString());
        }
    }

    @Test
    void countsSaturateAndDoNotSpillIntoEachOther() {
        // Past one 65,535-byte chunk of the array scan, and with each counter full.
        for (String text : List.of("9".repeat(70_000) + " 4111111111111111", "A".repeat(65_535) + "@" + "1".repeat(65_536),
                "-".repeat(65_535) + "@".repeat(65_535) + "ü", "Z".repeat(65_534) + "1", "@".repeat(65_536),
                "1".repeat(65_535), "1".repeat(65_536))) {
            assertScansAgree(text);
        }
        long profile = TextProfile.scan("1".repeat(70_000).getBytes(StandardCharsets.US_ASCII), 0, 70_000);
        assertThat(TextProfile.digits(profile)).isEqualTo(0xffff);
        assertThat(TextProfile.upperCaseLetters(profile)).isZero();
        assertThat(TextProfile.hasAt(profile)).isFalse();
        assertThat(TextProfile.hasDash(profile)).isFalse();
        assertThat(TextProfile.length(profile)).isEqualTo(0xffff);
    }
}
