package io.hoopgw.server.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Real pgjdbc connections to a {@link LocalPostgres}, for assertions. */
final class Jdbc {
    private Jdbc() {
    }

    static Connection connect(LocalPostgres postgres, String database, String user, String password)
            throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(database), user, password);
    }

    static Connection connectAsSuperuser(LocalPostgres postgres, String database) throws SQLException {
        return connect(postgres, database, postgres.superuser(), postgres.superuserPassword());
    }

    /** @return the first column of every row of {@code sql}, as text */
    static List<String> query(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
