package io.hoopgw.server.postgres;

import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link LocalPostgresLifecycleTest}: starts a server under the directory given as the
 * only argument, prints {@link #READY} and its run directory, then waits to be killed.
 */
public final class StrayPostgresMain {
    static final String READY = "READY ";

    private StrayPostgresMain() {
    }

    /** @param args the data directory parent */
    public static void main(String[] args) throws InterruptedException {
        LocalPostgres postgres = LocalPostgres.start(LocalPostgres.Options.builder()
                .strategy(LocalPostgres.Strategy.EMBEDDED)
                .dataDirParent(Path.of(args[0]))
                .build());
        System.out.println(READY + postgres.logFile().orElseThrow().getParent());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
