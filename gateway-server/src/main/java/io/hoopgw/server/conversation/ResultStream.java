package io.hoopgw.server.conversation;

import io.hoopgw.audit.ResultCapture;
import io.hoopgw.core.mask.MaskCounts;
import io.hoopgw.core.mask.RowMasker;

/**
 * The rows of one result on their way to the client: the masker that rewrites them (null when no row can change)
 * and the capture that records them as sent (null when not recording).
 */
final class ResultStream {
    final RowMasker masker;
    final ResultCapture capture;
    private final MaskCounts counts;
    /** The rows of this result so far. */
    long rows;
    /** The rows its portal returned at earlier Executes that ended with PortalSuspended; 0 for a new result. */
    long earlierRows;

    /**
     * @param counts the session's mask counters (null without masking); reset here, so that at {@link #finish()}
     *               they hold this result's counts
     */
    ResultStream(RowMasker masker, ResultCapture capture, MaskCounts counts) {
        this.masker = masker != null && masker.passThrough() ? null : masker;
        this.capture = capture;
        this.counts = counts;
        if (counts != null) {
            counts.reset();
        }
    }

    /** Records the result's summary, with how many values each rule masked, if recording. */
    void finish() {
        if (capture != null) {
            if (counts != null) {
                capture.masked(counts.snapshot());
            }
            capture.finish();
        }
    }
}
