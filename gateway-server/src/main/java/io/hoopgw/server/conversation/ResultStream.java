package io.hoopgw.server.conversation;

import io.hoopgw.audit.ResultCapture;
import io.hoopgw.core.mask.RowMasker;

/**
 * The rows of one result on their way to the client: the masker that rewrites them (null when no row can change)
 * and the capture that records them as sent (null when not recording).
 */
final class ResultStream {
    final RowMasker masker;
    final ResultCapture capture;
    long rows;

    ResultStream(RowMasker masker, ResultCapture capture) {
        this.masker = masker != null && masker.passThrough() ? null : masker;
        this.capture = capture;
    }

    /** Records the result's summary, if recording. */
    void finish() {
        if (capture != null) {
            capture.finish();
        }
    }
}
