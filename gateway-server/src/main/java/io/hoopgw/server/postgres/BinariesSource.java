package io.hoopgw.server.postgres;

import java.nio.file.Path;

/** Where a {@link BinariesLauncher} gets initdb and postgres from. */
interface BinariesSource {

    /**
     * @return a directory holding executable {@code initdb} and {@code postgres}
     * @throws LaunchFailedException when there are none to be had, saying where they were looked for
     */
    Path binDir() throws LaunchFailedException;
}
