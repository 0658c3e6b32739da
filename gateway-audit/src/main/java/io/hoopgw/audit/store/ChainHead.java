package io.hoopgw.audit.store;

import java.util.Arrays;

/**
 * The end of the record chain: the last record's sequence number and hash ({@code 0} and 32 zero bytes before the
 * first record), and the segment it is in (null when there is none).
 */
public record ChainHead(long sequence, byte[] hash, String segment) {
    /** The head of an empty chain. */
    public static ChainHead empty() {
        return new ChainHead(0, Hashes.genesis(), null);
    }

    /** Copies the hash. */
    public ChainHead {
        hash = hash.clone();
        if (hash.length != Hashes.LENGTH) {
            throw new IllegalArgumentException("a chain hash has 32 bytes, not " + hash.length);
        }
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChainHead other && sequence == other.sequence && Arrays.equals(hash, other.hash)
                && java.util.Objects.equals(segment, other.segment);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sequence) * 31 + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "ChainHead[" + sequence + ", " + Hashes.hex(hash) + ", " + segment + "]";
    }
}
