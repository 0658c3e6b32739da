package io.hoopgw.server.postgres;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Launcher} hands back: where the server listens, what it was started from, and how to stop it.
 *
 * @param host the address clients connect to
 * @param port the TCP port clients connect to
 * @param binDir the directory of the binaries the server runs from, when they are on this machine
 * @param logFile the server's log, when it is written to a file on this machine
 * @param description a short account of how the server was started, for the log
 * @param stopper stops the server and removes everything it left on disk; called at most once
 */
record StartedServer(
        String host, int port, Optional<Path> binDir, Optional<Path> logFile, String description, Runnable stopper) {
    StartedServer {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(binDir, "binDir");
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(stopper, "stopper");
    }
}
