package io.hoopgw.server.postgres;

/** One way of getting a throwaway PostgreSQL server: a container, embedded binaries, or the machine's own. */
interface Launcher {

    /** @return the strategy this launcher implements */
    LocalPostgres.Strategy strategy();

    /**
     * Starts a server configured by {@code options}, with a superuser whose password is {@code password}.
     *
     * @throws LaunchFailedException when this strategy is unavailable here or the server did not start; nothing is
     *     left running and nothing is left on disk
     */
    StartedServer start(LocalPostgres.Options options, String password) throws LaunchFailedException;
}
