package io.hoopgw.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.server.postgres.LocalPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedPostgres.class)
class SharedPostgresTest {

    @Test
    void theExtensionInjectsTheOneServerOfThisJvm(LocalPostgres postgres) {
        assertThat(postgres).isSameAs(SharedPostgres.get());
    }

    @Test
    void databasesAreSeparateAndStartEmpty(LocalPostgres postgres) throws SQLException {
        String first = SharedPostgres.createDatabase("shared_first");
        String second = SharedPostgres.createDatabase("shared_second");
        assertThat(first).isEqualTo(postgres.jdbcUrl("shared_first"));

        try (Connection connection = connect(postgres, first); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE only_here (id int)");
        }
        assertThat(tableCount(postgres, first)).isEqualTo(1);
        assertThat(tableCount(postgres, second)).isZero();

        SharedPostgres.createDatabase("shared_first");
        assertThat(tableCount(postgres, first)).isZero();
    }

    @Test
    void databaseNamesMustBePlainIdentifiers() {
        assertThatThrownBy(() -> SharedPostgres.createDatabase("x\"; DROP DATABASE postgres; --"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a lower-case identifier");
    }

    private static Connection connect(LocalPostgres postgres, String url) throws SQLException {
        return DriverManager.getConnection(url, postgres.superuser(), postgres.superuserPassword());
    }

    private static int tableCount(LocalPostgres postgres, String url) throws SQLException {
        try (Connection connection = connect(postgres, url);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
            result.next();
            return result.getInt(1);
        }
    }
}
