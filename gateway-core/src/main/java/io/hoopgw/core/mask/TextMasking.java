package io.hoopgw.core.mask;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the detector rules over one text value and replaces their matches. Where detectors overlap, the match that
 * starts first wins, and of those starting together the longest. In a JSON document a replacement outside a string
 * literal (a card stored as a JSON number) is written as a JSON string, so the document stays valid JSON.
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

    /**
     * Masks a UTF-8 value in place in a buffer; indices are not moved, nothing is released.
     *
     * @return the masked text, or {@code null} when nothing matched (the common case, which decodes nothing when
     *     the pre-check rules every detector out)
     */
    String maskUtf8(ByteBuf value, int index, int length, boolean json, MaskCounts counts) {
        if (rules.length == 0 || !mayMatch(TextProfile.scan(value, index, length))) {
            return null;
        }
        String text = value.toString(index, length, StandardCharsets.UTF_8);
        String masked = mask(text, json, counts);
        return masked == text ? null : masked;
    }

    /** Masks a text; returns the same instance when nothing matched. */
    String mask(String text, boolean json, MaskCounts counts) {
        if (rules.length == 0) {
            return text;
        }
        long profile = TextProfile.scan(text);
        List<Match> found = null;
        List<int[]> hits = null;
        for (int r = 0; r < rules.length; r++) {
            if (!rules[r].detector().mayOccurIn(profile)) {
                continue;
            }
            if (found == null) {
                found = new ArrayList<>();
            }
            found.clear();
            rules[r].detector().find(text, found);
            for (Match match : found) {
                if (hits == null) {
                    hits = new ArrayList<>();
                }
                hits.add(new int[] {match.start(), match.end(), r});
            }
        }
        if (hits == null) {
            return text;
        }
        hits.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(b[1], a[1]));
        StringBuilder out = new StringBuilder(text.length() + 16);
        boolean[] counted = new boolean[rules.length];
        JsonPosition position = json ? new JsonPosition(text) : null;
        int copied = 0;
        for (int[] hit : hits) {
            if (hit[0] < copied) {
                continue;
            }
            DetectorRule rule = rules[hit[2]];
            String replacement = rule.strategy().applyAsText(text.substring(hit[0], hit[1]));
            out.append(text, copied, hit[0]);
            if (position == null) {
                out.append(replacement);
            } else if (position.insideString(hit[0])) {
                JsonStrings.appendEscaped(out, replacement);
            } else {
                JsonStrings.appendQuoted(out, replacement);
            }
            copied = hit[1];
            if (!counted[hit[2]]) {
                counted[hit[2]] = true;
                counts.add(rule);
            }
        }
        out.append(text, copied, text.length());
        return out.toString();
    }

    /** Tracks whether an index of a JSON text lies inside a string literal, for ascending indices. */
    private static final class JsonPosition {
        private final String text;
        private int scanned;
        private boolean inString;

        JsonPosition(String text) {
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
