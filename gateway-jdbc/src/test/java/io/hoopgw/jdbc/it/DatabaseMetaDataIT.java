package io.hoopgw.jdbc.it;

import static io.hoopgw.jdbc.it.Gateways.url;
import static org.assertj.core.api.Assertions.assertThat;

import io.hoopgw.jdbc.testing.Props;
import io.hoopgw.server.testing.GatewayHarness;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link DatabaseMetaData} through the gateway, as tools (DBeaver, IDEs, Flyway) call it: the catalog queries the
 * PostgreSQL driver sends pass through unchanged and answer exactly as they do on a direct connection.
 */
class DatabaseMetaDataIT {
    static GatewayHarness harness;
    static Connection viaGateway;
    static Connection direct;

    @BeforeAll
    static void start() throws SQLException {
        harness = GatewayHarness.start();
        viaGateway = DriverManager.getConnection(url(harness),
                Props.of("user", harness.writerRole(), "token", harness.token("meta@example.com", "writers")));
        try (Statement statement = viaGateway.createStatement()) {
            statement.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer text NOT NULL, "
                    + "total numeric(10,2), placed_at timestamptz DEFAULT now())");
            statement.execute("CREATE INDEX orders_customer ON orders (customer)");
            statement.execute("COMMENT ON TABLE orders IS 'placed orders'");
        }
        direct = harness.connectDirectly();
    }

    @AfterAll
    static void stop() throws SQLException {
        viaGateway.close();
        direct.close();
        harness.close();
    }

    @Test
    void describesTheServerDriverAndSession() throws SQLException {
        DatabaseMetaData meta = viaGateway.getMetaData();

        assertThat(meta.getDatabaseProductName()).isEqualTo("PostgreSQL");
        assertThat(meta.getDatabaseProductVersion()).isEqualTo(direct.getMetaData().getDatabaseProductVersion());
        assertThat(meta.getDriverName()).isEqualTo("PostgreSQL JDBC Driver");
        assertThat(meta.getUserName()).isEqualTo(harness.writerRole());
        assertThat(meta.getURL()).startsWith("jdbc:postgresql://127.0.0.1:" + harness.port() + "/" + harness.target());
        assertThat(meta.supportsTransactions()).isTrue();
        assertThat(meta.getIdentifierQuoteString()).isEqualTo("\"");
        assertThat(viaGateway.getCatalog()).isEqualTo(harness.target());
    }

    @Test
    void tablesColumnsKeysAndIndexesMatchADirectConnection() throws SQLException {
        DatabaseMetaData gateway = viaGateway.getMetaData();
        DatabaseMetaData postgres = direct.getMetaData();

        List<Map<String, Object>> tables = rows(gateway.getTables(null, "public", "orders", new String[] {"TABLE"}));
        assertThat(tables).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("table_name", "orders")
                        .containsEntry("remarks", "placed orders"));
        assertThat(tables).isEqualTo(rows(postgres.getTables(null, "public", "orders", new String[] {"TABLE"})));

        List<Map<String, Object>> columns = rows(gateway.getColumns(null, "public", "orders", "%"));
        assertThat(columns).extracting(row -> row.get("column_name"))
                .containsExactly("id", "customer", "total", "placed_at");
        assertThat(columns).isEqualTo(rows(postgres.getColumns(null, "public", "orders", "%")));

        List<Map<String, Object>> keys = rows(gateway.getPrimaryKeys(null, "public", "orders"));
        assertThat(keys).extracting(row -> row.get("column_name")).containsExactly("id");
        assertThat(keys).isEqualTo(rows(postgres.getPrimaryKeys(null, "public", "orders")));

        List<Map<String, Object>> indexes = rows(gateway.getIndexInfo(null, "public", "orders", false, false));
        assertThat(indexes).extracting(row -> row.get("index_name")).contains("orders_pkey", "orders_customer");
        assertThat(indexes).isEqualTo(rows(postgres.getIndexInfo(null, "public", "orders", false, false)));
    }

    @Test
    void schemasAndTypesMatchADirectConnection() throws SQLException {
        List<Map<String, Object>> schemas = rows(viaGateway.getMetaData().getSchemas());
        assertThat(schemas).extracting(row -> row.get("table_schem")).contains("public", "pg_catalog");
        assertThat(schemas).isEqualTo(rows(direct.getMetaData().getSchemas()));

        List<Map<String, Object>> types = rows(viaGateway.getMetaData().getTypeInfo());
        assertThat(types).extracting(row -> row.get("type_name")).contains("int8", "text", "numeric", "timestamptz");
        assertThat(types).isEqualTo(rows(direct.getMetaData().getTypeInfo()));
    }

    /** Every row, as column label (lower case) to value, in order. */
    private static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        try (rs) {
            ResultSetMetaData columns = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    row.put(columns.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
