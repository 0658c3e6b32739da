package io.hoopgw.audit.verify;

import io.hoopgw.audit.store.CheckpointClaims;
import io.hoopgw.audit.store.Hashes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * Walks the records of a chain in file order and names what is wrong, in bounded memory: it remembers the last
 * {@value #WINDOW} records' hashes and the gaps opened within that window, so a record moved or duplicated
 * within the window is named as such; one moved farther shows as removed and reordered records elsewhere.
 *
 * <p>One record of look-ahead separates a modified record (its successor still links to its stored hash) from an
 * inserted one (its successor links to the record before it).
 */
final class ChainCheck {
    static final int WINDOW = 65_536;

    private final CheckpointVerifier signatures;
    private final List<Finding> findings;
    private final MessageDigest digest = Hashes.sha256();
    private final Map<Long, byte[]> recent = new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > WINDOW;
        }
    };
    private final TreeMap<Long, Place> missing = new TreeMap<>();
    private long expected = 1;
    private byte[] previousHash = Hashes.genesis();
    private long lastSequence;
    private Suspect suspect;
    private long records;
    private long sealedRecords;
    private long sealedThrough;
    private boolean brokenSinceSeal;

    private record Place(String segment, long offset) {
    }

    private record Suspect(String segment, long offset, long sequence, byte[] previousHash) {
    }

    ChainCheck(CheckpointVerifier signatures, List<Finding> findings) {
        this.signatures = signatures;
        this.findings = findings;
    }

    long lastSequence() {
        return lastSequence;
    }

    byte[] hashOf(long sequence) {
        return recent.get(sequence);
    }

    long records() {
        return records;
    }

    long sealedRecords() {
        return sealedRecords;
    }

    long sealedThrough() {
        return sealedThrough;
    }

    /**
     * Takes the last {@code count} records read out of the counts: a later segment says they were never
     * acknowledged, so they are neither verified nor unsealed records of the chain.
     */
    void leaveOut(long count) {
        records -= count;
        sealedRecords = Math.min(sealedRecords, records);
    }

    /** Continues the chain from what a segment-start record says came before, when it differs from what was read. */
    void resumeAfter(long sequence, byte[] hash) {
        resolveSuspect();
        missing.tailMap(sequence, false).clear();
        expected = sequence + 1;
        previousHash = hash.clone();
        lastSequence = sequence;
    }

    void record(String segment, long offset, long sequence, byte[] stored, byte[] encoded, GenericRecord payload) {
        records++;
        int body = encoded.length - Hashes.LENGTH;
        if (suspect != null) {
            if (sequence == suspect.sequence()
                    && Arrays.equals(Hashes.link(digest, suspect.previousHash(), encoded, body), stored)) {
                fail(Finding.Kind.INSERTED, suspect.segment(), suspect.offset(), suspect.sequence(),
                        "a record claiming sequence " + sequence + " does not belong to the chain (the next record "
                                + "with that number links to the record before it)");
                expected = sequence;
                previousHash = suspect.previousHash();
                suspect = null;
            } else {
                resolveSuspect();
            }
        }
        if (sequence == expected) {
            if (!Arrays.equals(Hashes.link(digest, previousHash, encoded, body), stored)) {
                suspect = new Suspect(segment, offset, sequence, previousHash);
            }
            accept(sequence, stored);
        } else if (sequence > expected) {
            for (long s = expected; s < sequence; s++) {
                missing.put(s, new Place(segment, offset));
                if (missing.size() > WINDOW) {
                    Map.Entry<Long, Place> oldest = missing.pollFirstEntry();
                    removed(oldest.getKey(), oldest.getKey(), oldest.getValue());
                }
            }
            accept(sequence, stored);
        } else if (missing.remove(sequence) != null) {
            fail(Finding.Kind.REORDERED, segment, offset, sequence, "record " + sequence + " appears after record "
                    + lastSequence + ", out of order");
        } else if (recent.containsKey(sequence)) {
            if (Arrays.equals(recent.get(sequence), stored)) {
                fail(Finding.Kind.DUPLICATED, segment, offset, sequence, "record " + sequence + " appears twice");
            } else {
                fail(Finding.Kind.INSERTED, segment, offset, sequence, "a second, different record claims sequence "
                        + sequence);
            }
        } else {
            fail(Finding.Kind.REORDERED, segment, offset, sequence, "record " + sequence + " appears after record "
                    + lastSequence + " (beyond the " + WINDOW + "-record verification window)");
        }
        if ("Checkpoint".equals(payload.getSchema().getName()) && sequence == lastSequence) {
            checkpoint(segment, offset, sequence, payload);
        }
    }

    private void accept(long sequence, byte[] stored) {
        recent.put(sequence, stored);
        previousHash = stored;
        expected = sequence + 1;
        lastSequence = sequence;
    }

    private void checkpoint(String segment, long offset, long sequence, GenericRecord c) {
        long covered = (Long) c.get("coveredSequence");
        byte[] coveredHash = ((GenericFixed) c.get("coveredHash")).bytes();
        CheckpointClaims claims;
        try {
            claims = signatures.verify(c.get("jws").toString());
        } catch (CheckpointVerifier.InvalidCheckpoint e) {
            fail(Finding.Kind.INVALID_SIGNATURE, segment, offset, sequence, "checkpoint: " + e.getMessage());
            return;
        }
        byte[] chained = recent.get(covered);
        if (claims.sequence() != covered || !Arrays.equals(claims.hash(), coveredHash) || covered != sequence - 1
                || chained == null || !Arrays.equals(chained, coveredHash)) {
            fail(Finding.Kind.CHECKPOINT_MISMATCH, segment, offset, sequence, "the checkpoint signs record "
                    + claims.sequence() + " with hash " + Hashes.hex(claims.hash()) + ", but the chain holds "
                    + (chained == null ? "no such record" : Hashes.hex(chained)) + ": records before it were altered");
            return;
        }
        resolveSuspect();
        if (!brokenSinceSeal) {
            sealedRecords = records;
            sealedThrough = sequence;
        }
        brokenSinceSeal = false;
    }

    /** Names what is still open: a suspect record and gaps. */
    void finish() {
        resolveSuspect();
        Long start = null;
        long end = 0;
        Place place = null;
        for (Map.Entry<Long, Place> e : missing.entrySet()) {
            if (start != null && e.getKey() == end + 1) {
                end = e.getKey();
                continue;
            }
            if (start != null) {
                removed(start, end, place);
            }
            start = e.getKey();
            end = start;
            place = e.getValue();
        }
        if (start != null) {
            removed(start, end, place);
        }
        missing.clear();
    }

    private void resolveSuspect() {
        if (suspect != null) {
            fail(Finding.Kind.MODIFIED, suspect.segment(), suspect.offset(), suspect.sequence(), "record "
                    + suspect.sequence() + " does not match its hash: its content was changed");
            suspect = null;
        }
    }

    private void removed(long from, long to, Place place) {
        String which = from == to ? "record " + from + " is" : "records " + from + ".." + to + " are";
        fail(Finding.Kind.REMOVED, place.segment(), place.offset(), from, which + " missing before this block");
    }

    void fail(Finding.Kind kind, String segment, long offset, long sequence, String message) {
        findings.add(new Finding(kind, segment, offset, sequence, message));
        if (kind.failure()) {
            brokenSinceSeal = true;
        }
    }

    /** The findings so far (for callers that add their own). */
    List<Finding> findings() {
        return new ArrayList<>(findings);
    }
}
