package io.hoopgw.core.mask;

import java.util.ArrayList;
import java.util.List;

/** Runs a detector the way the maskers do (pre-check, then find) and returns the matched substrings. */
final class Detected {
    private Detected() {
    }

    static List<String> in(ValueDetector detector, String text) {
        List<String> found = new ArrayList<>();
        if (!detector.mayOccurIn(TextProfile.scan(text))) {
            return found;
        }
        List<Match> matches = new ArrayList<>();
        detector.find(text, matches);
        for (Match match : matches) {
            found.add(text.substring(match.start(), match.end()));
        }
        return found;
    }
}
