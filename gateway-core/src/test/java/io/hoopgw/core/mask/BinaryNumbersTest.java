package io.hoopgw.core.mask;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** The decimal text of binary integers and numerics, as PostgreSQL's own text output shows them. */
class BinaryNumbersTest {
    /** numeric's binary format: digit count, weight, sign, display scale, base-10,000 digits. */
    private static ByteBuf numeric(int weight, int sign, int scale, int... digits) {
        ByteBuf out = Unpooled.buffer();
        out.writeShort(digits.length).writeShort(weight).writeShort(sign).writeShort(scale);
        for (int digit : digits) {
            out.writeShort(digit);
        }
        return out;
    }

    private static String decimal(int type, ByteBuf bytes) {
        return BinaryNumbers.decimal(type, bytes, bytes.readerIndex(), bytes.readableBytes());
    }

    @Test
    void integersOfEachWidth() {
        assertThat(decimal(BinaryNumbers.INT2, Unpooled.buffer().writeShort(-12))).isEqualTo("-12");
        assertThat(decimal(BinaryNumbers.INT4, Unpooled.buffer().writeInt(123456789))).isEqualTo("123456789");
        assertThat(decimal(BinaryNumbers.INT8, Unpooled.buffer().writeLong(4111111111111111L)))
                .isEqualTo("4111111111111111");
        assertThat(decimal(BinaryNumbers.INT8, Unpooled.buffer().writeInt(1))).as("wrong length").isNull();
    }

    @Test
    void numericsWithTheirWeightSignAndScale() {
        // 4111111111111111 = 4111 1111 1111 1111 (weight 3)
        assertThat(decimal(BinaryNumbers.NUMERIC, numeric(3, 0, 0, 4111, 1111, 1111, 1111)))
                .isEqualTo("4111111111111111");
        // 4111111111111111.50: trailing zero digits are not sent, the display scale keeps them
        assertThat(decimal(BinaryNumbers.NUMERIC, numeric(3, 0, 2, 4111, 1111, 1111, 1111, 5000)))
                .isEqualTo("4111111111111111.50");
        // -0.0042 = 0.0042 (weight -1, digit 42), negative
        assertThat(decimal(BinaryNumbers.NUMERIC, numeric(-1, 0x4000, 4, 42))).isEqualTo("-0.0042");
        // 120000 = 12 0000 sent as the one digit 12 with weight 1
        assertThat(decimal(BinaryNumbers.NUMERIC, numeric(1, 0, 0, 12))).isEqualTo("120000");
        assertThat(decimal(BinaryNumbers.NUMERIC, numeric(0, 0, 0))).isEqualTo("0");
    }

    @Test
    void notAFiniteNumberIsNothingToDetect() {
        assertThat(decimal(BinaryNumbers.NUMERIC, numeric(0, 0xC000, 0))).as("NaN").isNull();
        assertThat(decimal(BinaryNumbers.NUMERIC, numeric(0, 0xD000, 0))).as("Infinity").isNull();
        assertThat(decimal(BinaryNumbers.NUMERIC, numeric(0, 0, 0, 10_000))).as("digit out of range").isNull();
        ByteBuf truncated = numeric(3, 0, 0, 4111, 1111);
        truncated.writerIndex(truncated.writerIndex() - 1);
        assertThat(decimal(BinaryNumbers.NUMERIC, truncated)).isNull();
        assertThat(decimal(1184, Unpooled.buffer().writeLong(1))).as("not a number type").isNull();
    }
}
