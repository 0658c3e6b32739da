package io.hoopgw.core.mask;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code hash}: the value becomes a token {@code prefix + base64url(HMAC-SHA-256(key, utf8(value)))[first 12
 * bytes]}, e.g. {@code tok_3q2-7wXy0a1B9cdE}. Deterministic per key, so joins, DISTINCT and GROUP BY over masked
 * values still work; keyed, so a card number cannot be recovered by hashing all candidates without the key. 96
 * bits keep accidental collisions negligible for any realistic number of distinct values.
 */
public final class HashStrategy implements MaskStrategy {
    /** The strategy's configuration name. */
    public static final String NAME = "hash";
    /** The token prefix used unless one is configured. */
    public static final String DEFAULT_PREFIX = "tok_";
    /** The shortest key accepted: shorter keys make the brute-force defence weak. */
    public static final int MIN_KEY_BYTES = 16;
    private static final String ALGORITHM = "HmacSHA256";
    private static final int TOKEN_BYTES = 12;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final String prefix;
    /** {@code Mac} is stateful and not thread-safe; one per thread avoids both locking and a provider look-up per value. */
    private final ThreadLocal<Mac> macs;

    /**
     * @param key    the HMAC key; copied
     * @param prefix the token prefix
     * @throws IllegalArgumentException if the key is shorter than {@link #MIN_KEY_BYTES}
     */
    public HashStrategy(byte[] key, String prefix) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the key must be at least " + MIN_KEY_BYTES + " bytes, not "
                    + key.length);
        }
        this.key = new SecretKeySpec(Arrays.copyOf(key, key.length), ALGORITHM);
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.macs = ThreadLocal.withInitial(this::newMac);
        newMac();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + ALGORITHM, e);
        }
    }

    /** The token prefix. */
    public String prefix() {
        return prefix;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String apply(String value) {
        Mac mac = macs.get();
        byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        return prefix + BASE64URL.encodeToString(Arrays.copyOf(digest, TOKEN_BYTES));
    }

    /** Equal when key and prefix are equal (compared in constant time). */
    @Override
    public boolean equals(Object other) {
        return other instanceof HashStrategy that && prefix.equals(that.prefix)
                && MessageDigest.isEqual(key.getEncoded(), that.key.getEncoded());
    }

    @Override
    public int hashCode() {
        return prefix.hashCode();
    }

    /** Leaves the key out. */
    @Override
    public String toString() {
        return "HashStrategy[prefix=" + prefix + "]";
    }
}
