package io.hoopgw.core.mask;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * A one-pass summary of a value, packed into a {@code long} so that the common no-match path allocates nothing:
 * how many ASCII digits and upper-case ASCII letters it has, its length, and whether it contains {@code @}, {@code -}
 * or any character outside ASCII. Counts saturate at 65535. Computed over UTF-8 bytes: every byte of a multi-byte
 * character is {@code >= 0x80}, so ASCII counts over bytes equal counts over characters.
 */
public final class TextProfile {
    private static final int SATURATED = 0xffff;
    private static final long AT = 1L << 48;
    private static final long DASH = 1L << 49;
    private static final long NON_ASCII = 1L << 50;
    /**
     * What each byte adds to {@link #scanArray}'s accumulator: four 16-bit counters (digits, upper-case letters,
     * {@code @}, {@code -}). A table look-up and an add per byte, without a branch, is what makes the scan of the
     * values no detector can match (nearly all of them) cheap.
     */
    private static final long[] CLASSES = new long[256];
    /** Bytes per chunk of {@link #scanArray}, so that no 16-bit counter overflows into its neighbour. */
    private static final int CHUNK = SATURATED;

    static {
        for (int b = '0'; b <= '9'; b++) {
            CLASSES[b] = 1;
        }
        for (int b = 'A'; b <= 'Z'; b++) {
            CLASSES[b] = 1L << 16;
        }
        CLASSES['@'] = 1L << 32;
        CLASSES['-'] = 1L << 48;
    }

    private TextProfile() {
    }

    /**
     * Profiles {@code length} bytes of a UTF-8 value in an array from {@code offset}.
     */
    public static long scan(byte[] value, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, value.length);
        int digits = 0;
        int upper = 0;
        int ats = 0;
        int dashes = 0;
        int high = 0;
        for (int from = offset, end = offset + length; from < end; from += CHUNK) {
            long counters = 0;
            for (int i = from, stop = Math.min(end, from + CHUNK); i < stop; i++) {
                byte b = value[i];
                counters += CLASSES[b & 0xff];
                high |= b;
            }
            digits += (int) (counters & SATURATED);
            upper += (int) (counters >>> 16 & SATURATED);
            ats += (int) (counters >>> 32 & SATURATED);
            dashes += (int) (counters >>> 48 & SATURATED);
        }
        long flags = (ats > 0 ? AT : 0) | (dashes > 0 ? DASH : 0) | ((high & 0x80) != 0 ? NON_ASCII : 0);
        return pack(digits, upper, length, flags);
    }

    /**
     * Profiles {@code length} bytes of {@code value} from {@code index}; reads without moving indices.
     *
     * @param value read, not released
     */
    public static long scan(ByteBuf value, int index, int length) {
        if (value.hasArray()) {
            return scan(value.array(), value.arrayOffset() + index, length);
        }
        int digits = 0;
        int upper = 0;
        long flags = 0;
        for (int i = index, end = index + length; i < end; i++) {
            byte b = value.getByte(i);
            if (b >= '0' && b <= '9') {
                digits++;
            } else if (b >= 'A' && b <= 'Z') {
                upper++;
            } else if (b == '@') {
                flags |= AT;
            } else if (b == '-') {
                flags |= DASH;
            } else if (b < 0) {
                flags |= NON_ASCII;
            }
        }
        return pack(digits, upper, length, flags);
    }

    /** Profiles a string (as its characters; non-ASCII characters count towards the length only). */
    public static long scan(CharSequence value) {
        int digits = 0;
        int upper = 0;
        long flags = 0;
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c >= 'A' && c <= 'Z') {
                upper++;
            } else if (c == '@') {
                flags |= AT;
            } else if (c == '-') {
                flags |= DASH;
            } else if (c >= 0x80) {
                flags |= NON_ASCII;
            }
        }
        return pack(digits, upper, value.length(), flags);
    }

    private static long pack(int digits, int upper, int length, long flags) {
        return Math.min(digits, SATURATED) | (long) Math.min(upper, SATURATED) << 16
                | (long) Math.min(length, SATURATED) << 32 | flags;
    }

    /** The number of ASCII digits. */
    public static int digits(long profile) {
        return (int) (profile & SATURATED);
    }

    /** The number of upper-case ASCII letters. */
    public static int upperCaseLetters(long profile) {
        return (int) (profile >>> 16 & SATURATED);
    }

    /** The length (in bytes for a scanned buffer, in characters for a string). */
    public static int length(long profile) {
        return (int) (profile >>> 32 & SATURATED);
    }

    /** Whether the value contains {@code @}. */
    public static boolean hasAt(long profile) {
        return (profile & AT) != 0;
    }

    /** Whether the value contains {@code -}. */
    public static boolean hasDash(long profile) {
        return (profile & DASH) != 0;
    }

    /** Whether the value holds a character outside ASCII (a byte {@code >= 0x80} in UTF-8). */
    public static boolean hasNonAscii(long profile) {
        return (profile & NON_ASCII) != 0;
    }
}
