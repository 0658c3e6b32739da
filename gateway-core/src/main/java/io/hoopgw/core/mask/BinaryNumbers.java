package io.hoopgw.core.mask;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The decimal text of a binary-format integer or numeric value, so that value detectors can look at numbers a
 * client fetches in binary (a card number stored as {@code bigint} or {@code numeric}) as they look at text.
 */
final class BinaryNumbers {
    static final int INT2 = 21;
    static final int INT4 = 23;
    static final int INT8 = 20;
    static final int NUMERIC = 1700;

    private static final int NUMERIC_NEGATIVE = 0x4000;
    private static final BigInteger NBASE = BigInteger.valueOf(10_000);

    private BinaryNumbers() {
    }

    /** Whether {@link #decimal} reads values of this type. */
    static boolean isNumber(int typeOid) {
        return typeOid == INT2 || typeOid == INT4 || typeOid == INT8 || typeOid == NUMERIC;
    }

    /**
     * The value as PostgreSQL's text output would show it, or null when the bytes are not a finite value of the
     * type (a malformed value, NaN, an infinity): nothing a detector could match.
     *
     * @param bytes  the value's bytes, read in place from {@code index}
     */
    static String decimal(int typeOid, io.netty.buffer.ByteBuf bytes, int index, int length) {
        return switch (typeOid) {
            case INT2 -> length == 2 ? Short.toString(bytes.getShort(index)) : null;
            case INT4 -> length == 4 ? Integer.toString(bytes.getInt(index)) : null;
            case INT8 -> length == 8 ? Long.toString(bytes.getLong(index)) : null;
            case NUMERIC -> numeric(bytes, index, length);
            default -> null;
        };
    }

    /**
     * numeric's binary format: Int16 digit count, Int16 weight (of the first digit, in base 10,000 digits), Int16
     * sign, Int16 display scale, then the base 10,000 digits.
     */
    private static String numeric(io.netty.buffer.ByteBuf bytes, int index, int length) {
        if (length < 8) {
            return null;
        }
        int digits = bytes.getUnsignedShort(index);
        int weight = bytes.getShort(index + 2);
        int sign = bytes.getUnsignedShort(index + 4);
        int scale = bytes.getUnsignedShort(index + 6);
        if (length != 8 + 2 * digits || (sign != 0 && sign != NUMERIC_NEGATIVE) || scale > 0x3FFF) {
            return null;
        }
        BigInteger unscaled = BigInteger.ZERO;
        for (int i = 0; i < digits; i++) {
            int digit = bytes.getShort(index + 8 + 2 * i);
            if (digit < 0 || digit > 9_999) {
                return null;
            }
            unscaled = unscaled.multiply(NBASE).add(BigInteger.valueOf(digit));
        }
        // The last digit stands for 10,000^(weight - digits + 1).
        BigDecimal value = new BigDecimal(unscaled, -4 * (weight - digits + 1));
        if (sign == NUMERIC_NEGATIVE) {
            value = value.negate();
        }
        return value.setScale(scale, java.math.RoundingMode.DOWN).toPlainString();
    }
}
