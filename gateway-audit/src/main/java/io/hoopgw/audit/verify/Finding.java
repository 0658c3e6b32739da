package io.hoopgw.audit.verify;

/**
 * One thing {@link AuditVerifier} found.
 *
 * @param kind     what it is
 * @param segment  the segment file it is in or about (null when not tied to one)
 * @param offset   the byte offset of the block concerned, -1 when not tied to a position
 * @param sequence the record sequence number concerned, -1 when none
 * @param message  a sentence for a person
 */
public record Finding(Kind kind, String segment, long offset, long sequence, String message) {
    /** What was found. Kinds that are {@linkplain Kind#failure() failures} make verification fail. */
    public enum Kind {
        /** A record's content no longer matches its hash. */
        MODIFIED(true),
        /** Records are missing from the chain. */
        REMOVED(true),
        /** A record that does not belong to the chain was added. */
        INSERTED(true),
        /** A record appears out of order. */
        REORDERED(true),
        /** A record appears twice. */
        DUPLICATED(true),
        /** A whole segment file is missing. */
        SEGMENT_REMOVED(true),
        /** Records were cut from the end of a segment that a later segment says was longer. */
        TRUNCATED(true),
        /** A checkpoint's signature does not verify with the given key. */
        INVALID_SIGNATURE(true),
        /** A correctly signed checkpoint does not match the chain it is in. */
        CHECKPOINT_MISMATCH(true),
        /** A segment file (by name) that cannot be read, or a damaged block inside one. */
        CORRUPT(true),
        /** Records after the last valid checkpoint: the chain is intact but nothing signs them yet. */
        UNSEALED(false),
        /**
         * A segment ends inside a block, or is damaged after its last checkpoint where the chain did not continue
         * past the damage: the end of a batch a crash or power loss interrupted (never acknowledged).
         */
        TORN_TAIL(false),
        /** Records written after the last durable one before a write failure or crash, then superseded. */
        ABANDONED(false),
        /** A file in the directory that is not a segment; ignored. */
        FOREIGN_FILE(false);

        private final boolean failure;

        Kind(boolean failure) {
            this.failure = failure;
        }

        /** Whether this kind makes verification fail. */
        public boolean failure() {
            return failure;
        }
    }

    /** One line: kind, place and message. */
    public String describe() {
        StringBuilder b = new StringBuilder(kind.name());
        if (segment != null) {
            b.append(' ').append(segment);
            if (offset >= 0) {
                b.append('@').append(offset);
            }
        }
        if (sequence >= 0) {
            b.append(" seq ").append(sequence);
        }
        return b.append(": ").append(message).toString();
    }
}
