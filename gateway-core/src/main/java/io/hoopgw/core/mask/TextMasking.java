package io.hoopgw.core.mask;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the detector rules over one text value and replaces their matches. Where detectors overlap, the match that
 * starts first wins, and of those starting together the longest. In a JSON document a replacement outside a string
 * literal (a card stored as a JSON number) is written as a JSON string, so the document stays valid JSON.
 *
 * <p>Two ways in: {@link #mask(String, boolean, MaskCounts)} for texts already decoded (messages, COPY fields), and
 * {@link #find}/{@link #write} for the UTF-8 values of rows, which reads an ASCII value's bytes as characters
 * without decoding it and writes the masked value straight into the outgoing message.
 */
final class TextMasking {
    private final DetectorRule[] rules;

    TextMasking(List<DetectorRule> rules) {
        this.rules = rules.toArray(new DetectorRule[0]);
    }

    boolean isEmpty() {
        return rules.length == 0;
    }

    /** Whether any detector may find something in a value with this profile. */
    boolean mayMatch(long profile) {
        for (DetectorRule rule : rules) {
            if (rule.detector().mayOccurIn(profile)) {
                return true;
            }
        }
        return false;
    }

    /** Working state for {@link #find} and {@link #write}, reused from value to value by one thread. */
    Work newWork() {
        return new Work(rules.length);
    }

    /**
     * Runs the detectors over a UTF-8 value held in an array; on a match, {@link #write} then writes the masked
     * value. Allocates nothing when no detector may match the value's profile (the common case), and decodes
     * nothing when the value is ASCII.
     *
     * @param profile {@link TextProfile#scan(byte[], int, int)} of the same bytes
     * @param work    receives the matches; the array must not change until {@link #write}
     * @return whether anything matched (when not, {@code work} may still hold an earlier value's matches: call
     *     {@link #write} only after {@code true})
     */
    boolean find(byte[] value, int offset, int length, long profile, Work work) {
        if (rules.length == 0 || !mayMatch(profile)) {
            return false;
        }
        work.clear();
        CharSequence text;
        if (TextProfile.hasNonAscii(profile)) {
            // Detector indices are character indices: decode, and profile the characters as mask(String) does.
            String decoded = new String(value, offset, length, StandardCharsets.UTF_8);
            profile = TextProfile.scan(decoded);
            text = decoded;
        } else {
            text = work.ascii.reset(value, offset, length);
        }
        work.text = text;
        findHits(text, profile, work);
        return work.hits > 0;
    }

    /**
     * Writes the value {@link #find} last looked at, with its matches replaced, as UTF-8, and counts each rule
     * that masked something once.
     *
     * @param out written to; not released
     */
    void write(Work work, boolean json, MaskCounts counts, ByteBuf out) {
        if (!(work.text instanceof AsciiChars ascii)) {
            out.writeCharSequence(replace((String) work.text, json, counts, work), StandardCharsets.UTF_8);
            return;
        }
        JsonPosition position = json ? new JsonPosition(ascii) : null;
        int copied = 0;
        for (int h = 0; h < work.hits; h++) {
            int start = work.starts[h];
            if (start < copied) {
                continue;
            }
            int end = work.ends[h];
            String replacement = replacement(work, h, counts);
            ascii.writeTo(out, copied, start);
            if (position == null) {
                out.writeCharSequence(replacement, StandardCharsets.UTF_8);
            } else {
                StringBuilder inJson = new StringBuilder(replacement.length() + 2);
                if (position.insideString(start)) {
                    JsonStrings.appendEscaped(inJson, replacement);
                } else {
                    JsonStrings.appendQuoted(inJson, replacement);
                }
                out.writeCharSequence(inJson, StandardCharsets.UTF_8);
            }
            copied = end;
        }
        ascii.writeTo(out, copied, ascii.length());
    }

    /** Masks a text; returns the same instance when nothing matched. */
    String mask(String text, boolean json, MaskCounts counts) {
        if (rules.length == 0) {
            return text;
        }
        Work work = newWork();
        findHits(text, TextProfile.scan(text), work);
        if (work.hits == 0) {
            return text;
        }
        work.text = text;
        return replace(text, json, counts, work);
    }

    /** Collects the matches of every detector the profile does not rule out, in the order they are applied. */
    private void findHits(CharSequence text, long profile, Work work) {
        for (int r = 0; r < rules.length; r++) {
            if (!rules[r].detector().mayOccurIn(profile)) {
                continue;
            }
            List<Match> found = work.found;
            found.clear();
            rules[r].detector().find(text, found);
            for (int m = 0, n = found.size(); m < n; m++) {
                Match match = found.get(m);
                work.add(match.start(), match.end(), r);
            }
        }
        work.sort();
    }

    /** {@code text} with the matches in {@code work} replaced. */
    private String replace(String text, boolean json, MaskCounts counts, Work work) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        JsonPosition position = json ? new JsonPosition(text) : null;
        int copied = 0;
        for (int h = 0; h < work.hits; h++) {
            int start = work.starts[h];
            if (start < copied) {
                continue;
            }
            String replacement = replacement(work, h, counts);
            out.append(text, copied, start);
            if (position == null) {
                out.append(replacement);
            } else if (position.insideString(start)) {
                JsonStrings.appendEscaped(out, replacement);
            } else {
                JsonStrings.appendQuoted(out, replacement);
            }
            copied = work.ends[h];
        }
        out.append(text, copied, text.length());
        return out.toString();
    }

    /** The replacement of hit {@code h}, counting its rule once per value. */
    private String replacement(Work work, int h, MaskCounts counts) {
        int r = work.rules[h];
        DetectorRule rule = rules[r];
        String replacement = rule.strategy().applyAsText(work.text.subSequence(work.starts[h], work.ends[h])
                .toString());
        if (!work.counted[r]) {
            work.counted[r] = true;
            counts.add(rule);
        }
        return replacement;
    }

    /**
     * The matches found in one value, sorted by start and, among equal starts, longest first (ties keep the
     * rules' order); plus buffers reused from value to value. Not thread-safe.
     */
    static final class Work {
        final List<Match> found = new ArrayList<>();
        final AsciiChars ascii = new AsciiChars();
        final boolean[] counted;
        CharSequence text;
        int hits;
        int[] starts = new int[4];
        int[] ends = new int[4];
        int[] rules = new int[4];

        Work(int ruleCount) {
            counted = new boolean[ruleCount];
        }

        void clear() {
            hits = 0;
            text = null;
            Arrays.fill(counted, false);
        }

        void add(int start, int end, int rule) {
            if (hits == starts.length) {
                starts = Arrays.copyOf(starts, hits * 2);
                ends = Arrays.copyOf(ends, hits * 2);
                rules = Arrays.copyOf(rules, hits * 2);
            }
            starts[hits] = start;
            ends[hits] = end;
            rules[hits] = rule;
            hits++;
        }

        /** A stable insertion sort: values hold a few matches, usually one. */
        void sort() {
            for (int i = 1; i < hits; i++) {
                int start = starts[i];
                int end = ends[i];
                int rule = rules[i];
                int j = i - 1;
                while (j >= 0 && (starts[j] > start || starts[j] == start && ends[j] < end)) {
                    starts[j + 1] = starts[j];
                    ends[j + 1] = ends[j];
                    rules[j + 1] = rules[j];
                    j--;
                }
                starts[j + 1] = start;
                ends[j + 1] = end;
                rules[j + 1] = rule;
            }
        }
    }

    /** Tracks whether an index of a JSON text lies inside a string literal, for ascending indices. */
    private static final class JsonPosition {
        private final CharSequence text;
        private int scanned;
        private boolean inString;

        JsonPosition(CharSequence text) {
            this.text = text;
        }

        boolean insideString(int index) {
            while (scanned < index) {
                char c = text.charAt(scanned++);
                if (inString && c == '\\') {
                    scanned++;
                } else if (c == '"') {
                    inString = !inString;
                }
            }
            return inString;
        }
    }
}
