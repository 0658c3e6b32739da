package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.server.testing.GatewayHarness;
import io.hoopgw.server.testing.MaskingFixture;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Column rules with the real column catalog, where results name their columns only by table OID and attribute
 * number: a bare column-name rule follows its column under an alias, names cached from the catalog follow renames
 * made through the gateway by anyone, and COPY, whose rows name no columns at all, gets the rules of the columns
 * it copies, as the catalog describes them.
 *
 * <p>Rules: {@code vault*.accounts.secret} (groups {@code dba} and {@code auditors} exempt) and the bare
 * {@code card_number} ({@code dba} exempt); no value detectors. So {@code readers} are under both rules,
 * {@code readers} + {@code auditors} only under the bare one, and {@code writers} + {@code dba} under none.
 */
class MaskingColumnRulesIT {
    private static final String MASKING_SECTION = """
            masking:
              catalogCacheTtl: 10m
              rules:
                - {name: vault-secrets, column: "vault*.accounts.secret", strategy: redact, exempt: [dba, auditors]}
                - {name: card-numbers, column: card_number, strategy: redact, exempt: [dba]}
            """;

    private static GatewayHarness harness;

    @BeforeAll
    static void start() {
        harness = GatewayHarness.builder().section(MASKING_SECTION).start();
        MaskingFixture.load(harness);
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private static Connection connect(String role, String... groups) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", role);
        properties.setProperty("password", harness.token("client@example.com", groups));
        return DriverManager.getConnection(harness.jdbcUrl(), properties);
    }

    private static Connection reader(String... groups) throws SQLException {
        return connect(harness.readerRole(), groups);
    }

    /** The writer role with every rule exempt: what a DBA or a migration tool runs as. */
    private static Connection exemptWriter() throws SQLException {
        return connect(harness.writerRole(), "writers", "dba");
    }

    private static List<String> query(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(rs.getString(i));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }

    /** Creates {@code schema} with tables accounts and drafts, each holding one secret, readable by everyone. */
    private static void createVault(Connection writer, String schema) throws SQLException {
        try (Statement s = writer.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("GRANT USAGE ON SCHEMA " + schema + " TO PUBLIC");
            s.execute("CREATE TABLE " + schema + ".accounts (id int, secret text)");
            s.execute("CREATE TABLE " + schema + ".drafts (id int, secret text)");
            s.execute("INSERT INTO " + schema + ".accounts VALUES (1, 'account secret')");
            s.execute("INSERT INTO " + schema + ".drafts VALUES (1, 'draft secret')");
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO PUBLIC");
        }
    }

    @Test
    void aBareColumnRuleFollowsItsColumnUnderAnAlias() throws Exception {
        String sql = "SELECT card_number AS n, card_number FROM customers WHERE id = 1";
        String clear = MaskingFixture.sensitive(1, MaskingFixture.Kind.CARD).compact();
        // Under the bare rule alone, as under both: the alias is the same table column.
        for (String[] groups : List.of(new String[] {"readers", "auditors"}, new String[] {"readers"})) {
            try (Connection c = reader(groups)) {
                assertThat(query(c, sql)).containsExactly("****|****");
            }
        }
        try (Connection c = reader("readers", "dba")) {
            assertThat(query(c, sql)).containsExactly(clear + "|" + clear);
        }
    }

    @Test
    void aRenameByAnExemptIdentityReachesEverySessionsCachedNames() throws Exception {
        try (Connection writer = exemptWriter(); Connection reader = reader("readers")) {
            createVault(writer, "vault1");
            assertThat(query(reader, "SELECT secret FROM vault1.accounts")).containsExactly("****");
            // The catalog now caches drafts' column as vault1.drafts.secret, which no rule names.
            assertThat(query(reader, "SELECT secret FROM vault1.drafts")).containsExactly("draft secret");
            try (Statement s = writer.createStatement()) {
                s.execute("ALTER TABLE vault1.accounts RENAME TO retired");
                s.execute("ALTER TABLE vault1.drafts RENAME TO accounts");
            }
            assertThat(query(reader, "SELECT secret FROM vault1.accounts")).containsExactly("****");
            assertThat(query(reader, "SELECT secret FROM vault1.retired")).containsExactly("account secret");
        }
    }

    @Test
    void aRenameInsideADoBlockReachesCachedNamesToo() throws Exception {
        try (Connection writer = exemptWriter(); Connection reader = reader("readers")) {
            createVault(writer, "vault2");
            assertThat(query(reader, "SELECT secret FROM vault2.drafts")).containsExactly("draft secret");
            try (Statement s = writer.createStatement()) {
                s.execute("DO $$ BEGIN ALTER TABLE vault2.accounts RENAME TO retired;"
                        + " ALTER TABLE vault2.drafts RENAME TO accounts; END $$");
            }
            assertThat(query(reader, "SELECT secret FROM vault2.accounts")).containsExactly("****");
        }
    }

    @Test
    void copyAppliesTheColumnRulesToEachField() throws Exception {
        String clear = MaskingFixture.sensitive(1, MaskingFixture.Kind.CARD).compact();
        for (String copy : List.of("COPY customers (id, card_number) TO STDOUT",
                "COPY (SELECT id, card_number AS n FROM customers ORDER BY id) TO STDOUT")) {
            for (String[] groups : List.of(new String[] {"readers"}, new String[] {"readers", "auditors"})) {
                try (Connection c = reader(groups)) {
                    StringWriter out = new StringWriter();
                    c.unwrap(PGConnection.class).getCopyAPI().copyOut(copy, out);
                    assertThat(out.toString().lines()).hasSize(MaskingFixture.CUSTOMERS).allMatch(line ->
                            line.endsWith("\t****")).first().isEqualTo("1\t****");
                }
            }
            try (Connection c = reader("readers", "dba")) {
                StringWriter out = new StringWriter();
                c.unwrap(PGConnection.class).getCopyAPI().copyOut(copy, out);
                assertThat(out.toString().lines()).hasSize(MaskingFixture.CUSTOMERS).first()
                        .isEqualTo("1\t" + clear);
            }
        }
    }

    @Test
    void copyFollowsARenameAsSelectDoes() throws Exception {
        try (Connection writer = exemptWriter(); Connection reader = reader("readers")) {
            createVault(writer, "vault3");
            String copy = "COPY vault3.accounts TO STDOUT";
            StringWriter before = new StringWriter();
            reader.unwrap(PGConnection.class).getCopyAPI().copyOut(copy, before);
            assertThat(before.toString()).isEqualTo("1\t****\n");
            try (Statement s = writer.createStatement()) {
                s.execute("ALTER TABLE vault3.accounts RENAME TO retired");
                s.execute("ALTER TABLE vault3.drafts RENAME TO accounts");
            }
            StringWriter after = new StringWriter();
            reader.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT * FROM vault3.retired) TO STDOUT",
                    after);
            assertThat(after.toString()).isEqualTo("1\taccount secret\n");
            StringWriter renamed = new StringWriter();
            reader.unwrap(PGConnection.class).getCopyAPI().copyOut(copy, renamed);
            assertThat(renamed.toString()).isEqualTo("1\t****\n");
            assertThat(query(reader, "SELECT secret FROM vault3.accounts")).containsExactly("****");
        }
    }
}
