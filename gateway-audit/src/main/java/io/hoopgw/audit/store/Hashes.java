package io.hoopgw.audit.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers for the record chain. */
public final class Hashes {
    /** Length of a SHA-256 hash in bytes. */
    public static final int LENGTH = 32;
    /** The "previous hash" of the very first record: 32 zero bytes. */
    private static final byte[] GENESIS = new byte[LENGTH];

    /** Never updated: only cloned, which reads it, so threads may share it. */
    private static final MessageDigest PROTOTYPE = newSha256();

    private Hashes() {
    }

    /**
     * A fresh SHA-256 digest. Cloned from a prototype when the provider allows it: a provider look-up for every
     * result the gateway captures costs more than hashing a small result.
     */
    public static MessageDigest sha256() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** A copy of the genesis hash (32 zero bytes). */
    public static byte[] genesis() {
        return GENESIS.clone();
    }

    /**
     * The chain hash of a record: SHA-256(previous || body), where body is the record's Avro binary encoding
     * without its trailing hash field.
     */
    public static byte[] link(MessageDigest digest, byte[] previous, byte[] record, int bodyLength) {
        digest.reset();
        digest.update(previous);
        digest.update(record, 0, bodyLength);
        return digest.digest();
    }

    /** Lower-case hex. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
