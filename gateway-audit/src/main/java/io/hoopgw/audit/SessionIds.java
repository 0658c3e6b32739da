package io.hoopgw.audit;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Session ids: UUIDv7 layout (RFC 9562) — 48 bits of Unix milliseconds, a 12-bit counter that keeps ids from one
 * generator ordered within a millisecond, then 62 bits of which 16 come from the gateway instance name and 46 are
 * random. Ids sort by time and do not collide across gateway instances. Thread-safe.
 */
public final class SessionIds {
    private final Clock clock;
    private final long instanceBits;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong last = new AtomicLong();

    /** A generator for {@code instance}. */
    public SessionIds(String instance, Clock clock) {
        this.clock = clock;
        int h = 0;
        for (byte b : instance.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        this.instanceBits = ((long) (h ^ (h >>> 16)) & 0xffffL) << 46;
    }

    /** The next id. */
    public UUID next() {
        // (millis << 12 | counter) grows strictly, so ids from this generator are ordered.
        long stamp = last.updateAndGet(prev -> Math.max(prev + 1, clock.millis() << 12));
        long millis = stamp >>> 12;
        long counter = stamp & 0xfff;
        long msb = (millis << 16) | 0x7000L | counter;
        long lsb = 0x8000000000000000L | instanceBits | (random.nextLong() & 0x3fffffffffffL);
        return new UUID(msb, lsb);
    }
}
