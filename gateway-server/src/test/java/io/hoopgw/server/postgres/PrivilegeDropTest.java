package io.hoopgw.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** PostgreSQL refuses root; each way of avoiding it either runs a real server or says why it cannot here. */
class PrivilegeDropTest {
    private static final boolean ROOT = PrivilegeDrop.effectiveUid() == 0;

    @Test
    void thisProcessHasAWayThatWorks() throws LaunchFailedException {
        PrivilegeDrop.Mode mode = PrivilegeDrop.forCurrentUser().mode();
        if (ROOT) {
            assertThat(mode).isIn(PrivilegeDrop.Mode.USER_NAMESPACE, PrivilegeDrop.Mode.SETPRIV);
        } else {
            assertThat(mode).isEqualTo(PrivilegeDrop.Mode.NONE);
        }
    }

    @ParameterizedTest
    @EnumSource(PrivilegeDrop.Mode.class)
    void eachWayRunsAServerOrSaysWhyNot(PrivilegeDrop.Mode mode) throws Exception {
        PrivilegeDrop drop;
        try {
            drop = PrivilegeDrop.of(mode);
        } catch (LaunchFailedException e) {
            if (!ROOT) {
                assertThat(e).hasMessage(mode + " needs root");
            } else if (mode == PrivilegeDrop.Mode.NONE) {
                assertThat(e).hasMessage("PostgreSQL refuses to run as root");
            } else {
                // Some sandboxes block user namespaces or setuid; the probe must then say what failed.
                assertThat(e.getMessage()).contains("did not work");
            }
            return;
        }
        assertThat(ROOT).as("only root needs (and can use) %s", mode).isEqualTo(mode != PrivilegeDrop.Mode.NONE);
        List<Launcher> launchers = List.of(new BinariesLauncher(
                LocalPostgres.Strategy.EMBEDDED, EmbeddedBinaries.forThisMachine(), () -> drop));
        try (LocalPostgres postgres = LocalPostgres.start(LocalPostgres.Options.defaults(), launchers);
                Connection connection = Jdbc.connectAsSuperuser(postgres, "postgres")) {
            Path dataDir = Path.of(Jdbc.query(connection, "SHOW data_directory").get(0));
            int owner = (Integer) Files.getAttribute(dataDir, "unix:uid");
            switch (mode) {
                case NONE -> assertThat(owner).isEqualTo(PrivilegeDrop.effectiveUid());
                // Inside the namespace the server is nobody, which is root outside: files stay root's.
                case USER_NAMESPACE -> assertThat(owner).isZero();
                case SETPRIV -> assertThat(owner).isNotZero();
            }
            assertThat(Jdbc.query(connection, "SELECT current_user")).containsExactly("postgres");
        }
    }

    @Test
    void commandsAreWrappedOnlyWhenRoot() throws LaunchFailedException {
        List<String> wrapped = PrivilegeDrop.forCurrentUser().wrap(List.of("initdb", "--version"));
        assertThat(wrapped).endsWith("initdb", "--version");
        if (ROOT) {
            assertThat(wrapped.get(0)).isIn("unshare", "setpriv");
        } else {
            assertThat(wrapped).containsExactly("initdb", "--version");
        }
        assertThatThrownBy(() -> PrivilegeDrop.of(ROOT ? PrivilegeDrop.Mode.NONE : PrivilegeDrop.Mode.SETPRIV))
                .isInstanceOf(LaunchFailedException.class);
    }
}
