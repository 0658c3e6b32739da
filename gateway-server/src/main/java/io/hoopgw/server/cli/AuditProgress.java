package io.hoopgw.server.cli;

import java.io.PrintWriter;
import java.util.function.LongConsumer;

/** Progress for long reads: shown on a terminal, silent when output is piped or redirected. */
final class AuditProgress {
    private AuditProgress() {
    }

    /** A progress sink writing {@code \r<verb> N records} to {@code err}, or nothing without a console. */
    static LongConsumer forTerminal(PrintWriter err, String verb) {
        if (System.console() == null) {
            return n -> { };
        }
        return n -> {
            err.print("\r" + verb + " " + n + " records...");
            err.flush();
        };
    }

    /** Ends a progress line, when one was shown. */
    static void done(PrintWriter err) {
        if (System.console() != null) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
