package io.hoopgw.server.relay;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/** What a {@link FramedRelayHandler} does with one inspected message. */
public sealed interface Verdict {
    /** Forward the message unchanged (as part of a run of unchanged messages, without copying). */
    Verdict FORWARD = new Forward();

    /** Forward nothing in place of the message. */
    Verdict DROP = new Drop();

    /**
     * Keep the message back: it is forwarded, in order, just before whatever the next verdict other than {@code
     * HOLD} forwards, or discarded with {@link #discardingHeld}. Held messages stay in memory: the inspector bounds
     * how many it holds (by deciding {@link #later} to pause the stream).
     */
    Verdict HOLD = new Hold();

    /**
     * Forward {@code bytes} in place of the message.
     *
     * @param bytes one or more complete messages; consumed
     */
    static Verdict replace(ByteBuf bytes) {
        return new Replace(bytes);
    }

    /**
     * Decide later: the stream stops at this message (nothing after it is inspected or forwarded) until {@code
     * verdict} completes, back on the channel's event loop, with the verdict to apply. The message's bytes stay
     * valid until then. The stage must not complete with another {@code later}.
     */
    static Verdict later(CompletionStage<Verdict> verdict) {
        return new Later(verdict);
    }

    /**
     * Discard every {@linkplain #HOLD held} message, then apply {@code then} to this message.
     *
     * @param then {@link #FORWARD}, {@link #DROP} or a {@link #replace}
     */
    static Verdict discardingHeld(Verdict then) {
        return new DiscardHeld(then);
    }

    /** See {@link #FORWARD}. */
    record Forward() implements Verdict {
    }

    /** See {@link #DROP}. */
    record Drop() implements Verdict {
    }

    /** See {@link #HOLD}. */
    record Hold() implements Verdict {
    }

    /** See {@link #discardingHeld}. */
    record DiscardHeld(Verdict then) implements Verdict {
        public DiscardHeld {
            if (!(then instanceof Forward || then instanceof Drop || then instanceof Replace)) {
                throw new IllegalArgumentException("held messages are discarded before a forward, drop or "
                        + "replacement, not " + then);
            }
        }
    }

    /** See {@link #replace}. */
    record Replace(ByteBuf bytes) implements Verdict {
        public Replace {
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /** See {@link #later}. */
    record Later(CompletionStage<Verdict> verdict) implements Verdict {
        public Later {
            Objects.requireNonNull(verdict, "verdict");
        }
    }
}
