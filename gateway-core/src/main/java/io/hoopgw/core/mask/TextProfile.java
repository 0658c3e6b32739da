package io.hoopgw.core.mask;

import io.netty.buffer.ByteBuf;

/**
 * A one-pass summary of a value, packed into a {@code long} so that the common no-match path allocates nothing:
 * how many ASCII digits and upper-case ASCII letters it has, its length, and whether it contains {@code @} or
 * {@code -}. Counts saturate at 65535. Computed over UTF-8 bytes: every byte of a multi-byte character is
 * {@code >= 0x80}, so ASCII counts over bytes equal counts over characters.
 */
public final class TextProfile {
    private static final int SATURATED = 0xffff;
    private static final long AT = 1L << 48;
    private static final long DASH = 1L << 49;

    private TextProfile() {
    }

    /**
     * Profiles {@code length} bytes of {@code value} from {@code index}; reads without moving indices.
     *
     * @param value read, not released
     */
    public static long scan(ByteBuf value, int index, int length) {
        int digits = 0;
        int upper = 0;
        long flags = 0;
        if (value.hasArray()) {
            byte[] array = value.array();
            int from = value.arrayOffset() + index;
            for (int i = from, end = from + length; i < end; i++) {
                byte b = array[i];
                if (b >= '0' && b <= '9') {
                    digits++;
                } else if (b >= 'A' && b <= 'Z') {
                    upper++;
                } else if (b == '@') {
                    flags |= AT;
                } else if (b == '-') {
                    flags |= DASH;
                }
            }
        } else {
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
                }
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
}
