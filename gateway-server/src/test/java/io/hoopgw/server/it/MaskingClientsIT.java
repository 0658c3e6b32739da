package io.hoopgw.server.it;

import static io.hoopgw.server.it.MaskingSetup.CARD;
import static io.hoopgw.server.it.MaskingSetup.CARD_MASKED;
import static io.hoopgw.server.it.MaskingSetup.CUSTOMERS_QUERY;
import static io.hoopgw.server.it.MaskingSetup.EMAIL;
import static io.hoopgw.server.it.MaskingSetup.EMAIL_MASKED;
import static io.hoopgw.server.it.MaskingSetup.EXEMPT;
import static io.hoopgw.server.it.MaskingSetup.IBAN;
import static io.hoopgw.server.it.MaskingSetup.IBAN_MASKED;
import static io.hoopgw.server.it.MaskingSetup.SSN;
import static io.hoopgw.server.it.MaskingSetup.SSN_MASKED;
import static io.hoopgw.server.it.MaskingSetup.maskedCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hoopgw.server.testing.GatewayHarness;
import io.hoopgw.server.testing.MaskingFixture;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.PGStatement;
import org.postgresql.util.PSQLException;

/**
 * Inline masking as real clients see it, through a gateway configured with an ordinary {@code masking} section (see
 * {@link MaskingSetup}) on the masking fixture: every kind of sensitive value masked for a non-exempt identity and
 * exactly as PostgreSQL sent it for an exempt one, whatever the client (psql, pgjdbc with server-prepared statements
 * and binary transfer, node-postgres), the path (rows, COPY, JSON, expressions, views, error details,
 * notifications), and the look-alikes left alone.
 */
class MaskingClientsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** pgjdbc with every statement server-prepared from its first use, and results in binary where it can. */
    private static final String PREPARED_BINARY = "&prepareThreshold=1&binaryTransfer=true";
    /**
     * The same, with text and varchar values in binary too (pgjdbc keeps them text by default; it cannot read jsonb
     * in binary, which {@link MaskingWireIT} checks on the wire).
     */
    private static final String PREPARED_ALL_BINARY = PREPARED_BINARY + "&binaryTransferEnable=25,1043";

    private static GatewayHarness harness;
    private static Path psql;

    @TempDir
    Path workDir;

    @BeforeAll
    static void start() throws Exception {
        harness = GatewayHarness.builder().section(MaskingSetup.MASKING_SECTION).start();
        MaskingSetup.load(harness);
        psql = PostgresClientBinaries.require("psql", harness.postgres());
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private static String[] groups(String group, boolean exempt) {
        return exempt ? new String[] {group, EXEMPT} : new String[] {group};
    }

    /** pgjdbc as the read-only role, in group {@code readers}, plus {@value MaskingSetup#EXEMPT} if exempt. */
    private static Connection reader(boolean exempt, String urlOptions) throws SQLException {
        return connect(harness.readerRole(), groups("readers", exempt), urlOptions);
    }

    private static Connection connect(String role, String[] groups, String urlOptions) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", role);
        properties.setProperty("password", harness.token("client@example.com", groups));
        return DriverManager.getConnection(harness.jdbcUrl() + urlOptions, properties);
    }

    /** pgjdbc straight to PostgreSQL, bypassing the gateway: what an exempt identity must see. */
    private static Connection direct(String urlOptions) throws SQLException {
        return DriverManager.getConnection(harness.postgres().jdbcUrl(harness.target()) + "?sslmode=disable"
                + urlOptions, harness.postgres().superuser(), harness.postgres().superuserPassword());
    }

    private ClientProcess.Result psql(String role, String[] groups, String... arguments) {
        List<String> command = new ArrayList<>(List.of(psql.toString(), "-X",
                "host=127.0.0.1 port=" + harness.port() + " dbname=" + harness.target() + " user=" + role
                        + " sslmode=require"));
        command.addAll(List.of(arguments));
        return ClientProcess.run(command, Map.of("PGPASSWORD", harness.token("psql@example.com", groups),
                "PGCONNECT_TIMEOUT", "5"), workDir, TIMEOUT);
    }

    /** psql as the read-only role; fails the test unless it exits 0. */
    private List<String> psqlReader(String[] groups, String... arguments) {
        ClientProcess.Result result = psql(harness.readerRole(), groups, arguments);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return result.stdout().lines().toList();
    }

    private List<String> psqlReader(boolean exempt, String... arguments) {
        return psqlReader(groups("readers", exempt), arguments);
    }

    /** psql straight to PostgreSQL. */
    private List<String> psqlDirect(String... arguments) {
        List<String> command = new ArrayList<>(List.of(psql.toString(), "-X",
                "host=" + harness.postgres().host() + " port=" + harness.postgres().port() + " dbname="
                        + harness.target() + " user=" + harness.postgres().superuser()));
        command.addAll(List.of(arguments));
        ClientProcess.Result result = ClientProcess.run(command,
                Map.of("PGPASSWORD", harness.postgres().superuserPassword()), workDir, TIMEOUT);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return result.stdout().lines().toList();
    }

    /** Every row of {@code rs} as {@code |}-separated {@code getString} values, NULL as the empty string. */
    private static List<String> rows(ResultSet rs) throws SQLException {
        List<String> rows = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= columns; i++) {
                String value = rs.getString(i);
                values.add(value == null ? "" : value);
            }
            rows.add(String.join("|", values));
        }
        return rows;
    }

    /** Runs {@code sql} as a server-prepared statement (with these options) twice, and returns both results. */
    private static List<String> prepared(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int round = 0; round < 2; round++) {
                try (ResultSet rs = ps.executeQuery()) {
                    rows.addAll(rows(rs));
                }
            }
        }
        return rows;
    }

    @Test
    void psqlShowsEveryKindMaskedToANonExemptGroupAndAsStoredToAnExemptOne() {
        List<String> masked = psqlReader(false, "-At", "-c", CUSTOMERS_QUERY);
        assertThat(masked).hasSize(MaskingFixture.CUSTOMERS).allMatch(row -> maskedCustomer("|").matcher(row)
                .matches()).first().isEqualTo(String.join("|", "1", CARD_MASKED, EMAIL_MASKED, SSN_MASKED,
                IBAN_MASKED));
        MaskingFixture.assertMasked(String.join("\n", masked));

        List<String> exempt = psqlReader(true, "-At", "-c", CUSTOMERS_QUERY);
        assertThat(exempt).containsExactlyElementsOf(psqlDirect("-At", "-c", CUSTOMERS_QUERY));
        MaskingSetup.assertAllClear(String.join("\n", exempt));
    }

    @Test
    void exemptionsArePerRule() {
        List<String> rows = psqlReader(new String[] {"readers", MaskingSetup.SUPPORT}, "-At", "-c", CUSTOMERS_QUERY);
        assertThat(rows.get(0)).isEqualTo(String.join("|", "1", CARD_MASKED, EMAIL.written(), SSN_MASKED,
                IBAN_MASKED));
    }

    @Test
    void pgjdbcServerPreparedWithBinaryTransferMasksTextAndNullsBinaryColumnRuleValues() throws Exception {
        String sql = "SELECT id, card, email, ssn, iban, card_number FROM customers WHERE id = ?";
        for (String options : List.of(PREPARED_BINARY, PREPARED_ALL_BINARY)) {
            for (boolean exempt : List.of(false, true)) {
                List<String> seen = new ArrayList<>();
                List<String> direct = new ArrayList<>();
                try (Connection c = reader(exempt, options); PreparedStatement ps = c.prepareStatement(sql);
                        Connection d = direct(options); PreparedStatement dps = d.prepareStatement(sql)) {
                    for (int round = 0; round < 2; round++) {
                        for (int id = 1; id <= MaskingFixture.CUSTOMERS; id++) {
                            ps.setInt(1, id);
                            dps.setInt(1, id);
                            try (ResultSet rs = ps.executeQuery(); ResultSet drs = dps.executeQuery()) {
                                seen.addAll(rows(rs));
                                direct.addAll(rows(drs));
                            }
                        }
                    }
                    assertThat(ps.unwrap(PGStatement.class).isUseServerPrepare()).isTrue();
                }
                if (exempt) {
                    assertThat(seen).as(options).containsExactlyElementsOf(direct);
                    continue;
                }
                // pgjdbc asks for text on a statement's first execution (it does not know the types yet), and for
                // binary int8 from then on: a binary value under a column rule cannot be masked, so it is NULL.
                assertThat(seen.get(0)).as(options).isEqualTo(String.join("|", "1", CARD_MASKED, EMAIL_MASKED,
                        SSN_MASKED, IBAN_MASKED, "****"));
                assertThat(seen.subList(1, seen.size())).as(options).hasSize(2 * MaskingFixture.CUSTOMERS - 1)
                        .allMatch(row -> row.matches(maskedCustomer("|").pattern() + "\\|"));
                MaskingFixture.assertMasked(String.join("\n", seen));
            }
        }
    }

    @Test
    void nodePostgresSeesMaskedRowsInTextAndBinary() throws Exception {
        String script = """
                const { Client } = require('pg');
                const run = async (binary) => {
                  const client = new Client({...JSON.parse(process.env.HOOPGW_IT_CONNECTION), binary,
                    ssl: { rejectUnauthorized: false }, connectionTimeoutMillis: 5000 });
                  await client.connect();
                  const out = {};
                  if (!binary) {
                    // Every value as received, unparsed.
                    const raw = { getTypeParser: () => (value) => value };
                    out.simple = (await client.query({ text: process.env.HOOPGW_IT_QUERY, types: raw })).rows;
                  }
                  out.extended = (await client.query(
                    'SELECT card, email, ssn, iban, card_number, profile FROM customers WHERE id = $1', [1])).rows[0];
                  await client.end();
                  return out;
                };
                (async () => {
                  console.log(JSON.stringify({ text: await run(false), binary: await run(true) }));
                })().catch(e => { console.error(e.stack || String(e)); process.exit(1); });
                """;
        List<String> direct;
        try (Connection d = direct(""); Statement s = d.createStatement();
                ResultSet rs = s.executeQuery(CUSTOMERS_QUERY)) {
            direct = rows(rs);
        }
        for (boolean exempt : List.of(false, true)) {
            String connection = JSON.writeValueAsString(Map.of(
                    "host", "127.0.0.1",
                    "port", harness.port(),
                    "database", harness.target(),
                    "user", harness.readerRole(),
                    "password", harness.token("node@example.com", groups("readers", exempt))));
            ClientProcess.Result run = NodePostgres.run("masking-it.js", script,
                    Map.of("HOOPGW_IT_CONNECTION", connection, "HOOPGW_IT_QUERY", CUSTOMERS_QUERY));
            assertThat(run.exitCode()).as(run.describe()).isZero();
            JsonNode out = JSON.readTree(run.stdout());

            List<String> simple = pipeRows(out.at("/text/simple"));
            if (exempt) {
                assertThat(simple).containsExactlyElementsOf(direct);
            } else {
                assertThat(simple).hasSize(MaskingFixture.CUSTOMERS)
                        .allMatch(row -> maskedCustomer("|").matcher(row).matches());
                MaskingFixture.assertMasked(run.stdout());
            }
            for (String format : List.of("text", "binary")) {
                JsonNode row = out.at("/" + format + "/extended");
                assertThat(row.path("card").asText()).as(format).isEqualTo(exempt ? CARD.written() : CARD_MASKED);
                assertThat(row.path("email").asText()).as(format).isEqualTo(exempt ? EMAIL.written() : EMAIL_MASKED);
                assertThat(row.path("ssn").asText()).as(format).isEqualTo(exempt ? SSN.written() : SSN_MASKED);
                assertThat(row.path("iban").asText()).as(format).isEqualTo(exempt ? IBAN.written() : IBAN_MASKED);
            }
            assertThat(out.at("/text/extended/card_number").asText()).isEqualTo(exempt ? CARD.compact() : "****");
            assertThat(out.at("/text/extended/profile/email").asText())
                    .isEqualTo(exempt ? EMAIL.written() : EMAIL_MASKED);
            // node-postgres hands over binary jsonb as it came: the version byte, then the document. (It also
            // misreads binary int8, so only the NULL a column rule makes of it is checked.)
            assertThat(out.at("/binary/extended/card_number").isNull()).as("binary int8 is NULL").isEqualTo(!exempt);
            String binaryProfile = out.at("/binary/extended/profile").asText();
            assertThat(binaryProfile).startsWith("\u0001");
            JsonNode profile = JSON.readTree(binaryProfile.substring(1));
            assertThat(profile.path("email").asText()).isEqualTo(exempt ? EMAIL.written() : EMAIL_MASKED);
            assertThat(profile.path("card_number").asText()).isEqualTo(exempt ? CARD.compact() : CARD_MASKED);
        }
    }

    /** Rows of node-postgres objects as {@code |}-separated values, null as the empty string. */
    private static List<String> pipeRows(JsonNode rows) {
        List<String> out = new ArrayList<>();
        for (JsonNode row : rows) {
            List<String> values = new ArrayList<>();
            row.elements().forEachRemaining(value -> values.add(value.isNull() ? "" : value.asText()));
            out.add(String.join("|", values));
        }
        return out;
    }

    @Test
    void copyToStdoutMasksEachFieldInTextAndCsv() throws Exception {
        // COPY is for identities under no column rule (MaskingColumnRulesIT): these are under the detectors only.
        String[] analysts = {"readers", MaskingSetup.ANALYSTS};
        String text = "COPY (" + CUSTOMERS_QUERY + ") TO STDOUT";
        List<String> masked = psqlReader(analysts, "-c", text);
        assertThat(masked).hasSize(MaskingFixture.CUSTOMERS).allMatch(line -> maskedCustomer("\t").matcher(line)
                .matches());
        MaskingFixture.assertMasked(String.join("\n", masked));
        assertThat(psqlReader(true, "-c", text)).containsExactlyElementsOf(psqlDirect("-c", text));

        String csv = "COPY (SELECT id, name, card, email, ssn, iban FROM customers ORDER BY id)"
                + " TO STDOUT WITH (FORMAT csv, HEADER, FORCE_QUOTE (card))";
        List<String> maskedCsv = psqlReader(analysts, "-c", csv);
        assertThat(maskedCsv).hasSize(MaskingFixture.CUSTOMERS + 1).startsWith("id,name,card,email,ssn,iban",
                "1,Alice Smith,\"" + CARD_MASKED + "\"," + EMAIL_MASKED + ",****," + IBAN_MASKED);
        MaskingFixture.assertMasked(String.join("\n", maskedCsv));
        assertThat(psqlReader(true, "-c", csv)).containsExactlyElementsOf(psqlDirect("-c", csv));

        // The values also sit inside prose and JSON documents: a detector finds them there too.
        String documents = "COPY customers (id, note, profile, profile_json) TO STDOUT WITH (FORMAT csv)";
        for (boolean exempt : List.of(false, true)) {
            try (Connection c = connect(harness.readerRole(), exempt ? groups("readers", true) : analysts, "");
                    Connection d = direct("")) {
                StringWriter out = new StringWriter();
                c.unwrap(PGConnection.class).getCopyAPI().copyOut(documents, out);
                if (exempt) {
                    StringWriter expected = new StringWriter();
                    d.unwrap(PGConnection.class).getCopyAPI().copyOut(documents, expected);
                    assertThat(out.toString()).isEqualTo(expected.toString());
                } else {
                    assertThat(out.toString()).contains("paid with " + CARD_MASKED + " on 2024-11-03; receipt to "
                            + EMAIL_MASKED + ", SSN " + SSN_MASKED + ", refunds to " + IBAN_MASKED + ".");
                    MaskingFixture.assertMasked(out.toString());
                }
            }
        }
    }

    @Test
    void jsonAggregationsAreMaskedInsideAndStayValidJson() throws Exception {
        String sql = "SELECT row_to_json(c), (SELECT json_agg(a ORDER BY a.id) FROM customers a),"
                + " jsonb_build_object('card', card, 'ssn', ssn, 'iban', iban, 'email', email), profile_json"
                + " FROM customers c WHERE id = 1";
        for (String options : List.of("", PREPARED_ALL_BINARY)) {
            List<String> direct;
            try (Connection d = direct(options)) {
                direct = prepared(d, sql);
            }
            try (Connection c = reader(true, options)) {
                assertThat(prepared(c, sql)).as("exempt, %s", options).containsExactlyElementsOf(direct);
            }
            try (Connection c = reader(false, options); PreparedStatement ps = c.prepareStatement(sql);
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                JsonNode row = JSON.readTree(rs.getString(1));
                JsonNode all = JSON.readTree(rs.getString(2));
                JsonNode built = JSON.readTree(rs.getString(3));
                JsonNode nested = JSON.readTree(rs.getString(4));
                for (JsonNode object : List.of(row, all.get(0), built)) {
                    assertThat(object.path("card").asText()).isEqualTo(CARD_MASKED);
                    assertThat(object.path("email").asText()).isEqualTo(EMAIL_MASKED);
                    assertThat(object.path("ssn").asText()).isEqualTo(SSN_MASKED);
                    assertThat(object.path("iban").asText()).isEqualTo(IBAN_MASKED);
                }
                // A card stored as a JSON number becomes a JSON string, so the document stays valid JSON.
                assertThat(row.at("/profile/card_number").isTextual()).isTrue();
                assertThat(row.at("/profile/card_number").asText()).isEqualTo(CARD_MASKED);
                assertThat(all.size()).isEqualTo(MaskingFixture.CUSTOMERS);
                assertThat(nested.at("/billing/card").asText()).isEqualTo(CARD_MASKED);
                assertThat(nested.at("/contacts/0").asText()).isEqualTo(EMAIL_MASKED);
                MaskingFixture.assertMasked(rs.getString(1) + rs.getString(2) + rs.getString(3) + rs.getString(4));
            }
        }
    }

    @Test
    void stringExpressionsOverSensitiveColumnsAreMasked() throws Exception {
        String sql = "SELECT lower(card), card || '', upper(email), 'ssn: ' || ssn, replace(iban, ' ', ''),"
                + " concat_ws(' / ', email, card), format('%s|%s', card, iban), card_number::text"
                + " FROM customers ORDER BY id";
        List<String> expectedFirst = List.of(CARD_MASKED, CARD_MASKED, EMAIL_MASKED, "ssn: ****", IBAN_MASKED,
                EMAIL_MASKED + " / " + CARD_MASKED, CARD_MASKED + "|" + IBAN_MASKED, CARD_MASKED);
        try (Connection c = reader(false, "")) {
            List<String> rows = prepared(c, sql);
            assertThat(rows).hasSize(2 * MaskingFixture.CUSTOMERS).first()
                    .isEqualTo(String.join("|", expectedFirst));
            MaskingFixture.assertMasked(String.join("\n", rows));
        }
        List<String> psqlRows = psqlReader(false, "-At", "-c", sql);
        assertThat(psqlRows.get(0)).isEqualTo(String.join("|", expectedFirst));
        MaskingFixture.assertMasked(String.join("\n", psqlRows));
        assertThat(psqlReader(true, "-At", "-c", sql)).containsExactlyElementsOf(psqlDirect("-At", "-c", sql));
    }

    @Test
    void viewsDoNotBypassMasking() throws Exception {
        String sql = "SELECT id, name, email, card FROM customer_contacts ORDER BY id";
        List<String> masked = psqlReader(false, "-At", "-c", sql);
        assertThat(masked).hasSize(MaskingFixture.CUSTOMERS).first()
                .isEqualTo("1|Alice Smith|" + EMAIL_MASKED + "|" + CARD_MASKED);
        MaskingFixture.assertMasked(String.join("\n", masked));
        assertThat(psqlReader(true, "-At", "-c", sql)).containsExactlyElementsOf(psqlDirect("-At", "-c", sql));
        try (Connection c = reader(false, PREPARED_ALL_BINARY)) {
            List<String> rows = prepared(c, sql);
            assertThat(rows).hasSize(2 * MaskingFixture.CUSTOMERS);
            assertThat(rows.subList(0, MaskingFixture.CUSTOMERS)).containsExactlyElementsOf(masked);
            assertThat(rows.subList(MaskingFixture.CUSTOMERS, rows.size())).containsExactlyElementsOf(masked);
        }
    }

    @Test
    void errorDetailsThatEchoValuesAreMasked() throws Exception {
        String duplicate = "INSERT INTO customers (id, name, card, card_issuer, card_number, email, ssn, iban)"
                + " SELECT 99, 'Dup', card, card_issuer, card_number, email, ssn, iban FROM customers WHERE id = 1";
        String emptyName = "UPDATE customers SET name = '' WHERE id = 1";
        for (boolean exempt : List.of(false, true)) {
            try (Connection c = connect(harness.writerRole(), groups("writers", exempt), "");
                    Statement s = c.createStatement()) {
                String card = exempt ? CARD.written() : CARD_MASKED;
                assertThatThrownBy(() -> s.execute(duplicate)).isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("23505");
                    assertThat(e.getServerErrorMessage().getDetail())
                            .isEqualTo("Key (card)=(" + card + ") already exists.");
                });
                // A CHECK violation echoes the whole row, every sensitive value in it.
                assertThatThrownBy(() -> s.execute(emptyName)).isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("23514");
                    String detail = e.getServerErrorMessage().getDetail();
                    assertThat(detail).startsWith("Failing row contains (1, , " + card + ", visa, ");
                    if (exempt) {
                        assertThat(detail).contains(CARD.compact(), EMAIL.written(), SSN.written(), IBAN.written());
                    } else {
                        assertThat(detail).contains(EMAIL_MASKED, SSN_MASKED, IBAN_MASKED);
                        MaskingFixture.assertMasked(detail);
                        MaskingFixture.assertMasked(e.getMessage());
                    }
                });
                // The session goes on after the masked errors.
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM customers")) {
                    assertThat(rows(rs)).containsExactly(String.valueOf(MaskingFixture.CUSTOMERS));
                }
            }
        }
        // A column rule applies to the key it names, where a value detector would have found nothing to mask.
        String duplicateNumber = "INSERT INTO customers (id, name, card, card_issuer, card_number, email, ssn, iban)"
                + " SELECT 99, 'Dup', 'none', card_issuer, card_number, email, ssn, iban FROM customers WHERE id = 1";
        for (boolean exempt : List.of(false, true)) {
            try (Connection c = connect(harness.writerRole(), groups("writers", exempt), "");
                    Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute(duplicateNumber)).isInstanceOfSatisfying(PSQLException.class,
                        e -> assertThat(e.getServerErrorMessage().getDetail()).isEqualTo("Key (card_number)=("
                                + (exempt ? CARD.compact() : "****") + ") already exists."));
            }
        }
        ClientProcess.Result result = psql(harness.writerRole(), groups("writers", false), "-c", duplicate);
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.stderr()).contains("DETAIL:  Key (card)=(" + CARD_MASKED + ") already exists.");
        MaskingFixture.assertMasked(result.stderr());
    }

    @Test
    void resultsFetchedInPiecesAndLongValuesAreMasked() throws Exception {
        try (Connection c = reader(false, PREPARED_BINARY)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(CUSTOMERS_QUERY)) {
                // pgjdbc runs a portal and fetches it two rows at a time: Execute, PortalSuspended, Execute ...
                ps.setFetchSize(2);
                for (int round = 0; round < 2; round++) {
                    try (ResultSet rs = ps.executeQuery()) {
                        List<String> rows = rows(rs);
                        assertThat(rows).hasSize(MaskingFixture.CUSTOMERS)
                                .allMatch(row -> maskedCustomer("|").matcher(row).matches());
                    }
                }
            }
            // A value far larger than one read from the socket, its card at the very end.
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT repeat('x ', 500000) || card FROM customers WHERE id = 1")) {
                rs.next();
                String value = rs.getString(1);
                assertThat(value).hasSize(1_000_000 + CARD_MASKED.length()).endsWith(" " + CARD_MASKED);
            }
            c.rollback();
        }
    }

    @Test
    void notificationPayloadsAreMasked() throws Exception {
        String payload = "refund " + CARD.written() + " to " + EMAIL.written() + ", SSN " + SSN.written() + ", IBAN "
                + IBAN.written();
        String masked = "refund " + CARD_MASKED + " to " + EMAIL_MASKED + ", SSN " + SSN_MASKED + ", IBAN "
                + IBAN_MASKED;
        for (boolean exempt : List.of(false, true)) {
            try (Connection listener = reader(exempt, ""); Connection notifier = reader(true, "");
                    Statement listen = listener.createStatement();
                    PreparedStatement notify = notifier.prepareStatement("SELECT pg_notify('refunds', ?)")) {
                listen.execute("LISTEN refunds");
                notify.setString(1, payload);
                notify.execute();
                PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(10_000);
                assertThat(received).hasSize(1);
                assertThat(received[0].getName()).isEqualTo("refunds");
                assertThat(received[0].getParameter()).isEqualTo(exempt ? payload : masked);
            }
        }
        // psql prints notifications to its own session after the command that received them.
        String out = String.join("\n", psqlReader(false, "-c", "LISTEN mine",
                "-c", "NOTIFY mine, 'card " + CARD.written() + "'"));
        assertThat(out).contains("with payload \"card " + CARD_MASKED + "\"");
        MaskingFixture.assertMasked(out);
    }

    @Test
    void lookalikesReachEveryClientUnmasked() throws Exception {
        for (String sql : List.of("SELECT id, kind, value FROM not_sensitive ORDER BY id",
                "SELECT id, order_no, placed, reference FROM orders ORDER BY id")) {
            for (String options : List.of("", PREPARED_BINARY, PREPARED_ALL_BINARY)) {
                List<String> direct;
                try (Connection d = direct(options)) {
                    direct = prepared(d, sql);
                }
                assertThat(direct).isNotEmpty();
                try (Connection c = reader(false, options)) {
                    assertThat(prepared(c, sql)).as(options).containsExactlyElementsOf(direct);
                }
            }
            assertThat(psqlReader(false, "-At", "-c", sql)).containsExactlyElementsOf(psqlDirect("-At", "-c", sql));
            String copy = "COPY (" + sql + ") TO STDOUT WITH (FORMAT csv)";
            assertThat(psqlReader(new String[] {"readers", MaskingSetup.ANALYSTS}, "-c", copy))
                    .containsExactlyElementsOf(psqlDirect("-c", copy));
        }
        try (Connection c = reader(false, ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, value FROM not_sensitive ORDER BY id")) {
            for (MaskingFixture.NotSensitive value : MaskingFixture.NOT_SENSITIVE) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(value.id());
                MaskingFixture.assertUntouched(rs.getString(2), value);
            }
        }
    }

    @Test
    void aColumnRuleNamesItsTableByItsSchemaThroughTheCatalog() throws Exception {
        String sql = "SELECT c.card_number, b.card_number AS billing_number, c.card_number AS renamed"
                + " FROM customers c JOIN billing.customers b USING (id) WHERE id = 1";
        // The rule names public.customers.card_number: billing.customers.card_number is another column, and an
        // alias is still the same column.
        assertThat(psqlReader(false, "-At", "-c", sql)).containsExactly("****|1001|****");
        assertThat(psqlReader(true, "-At", "-c", sql)).containsExactly(CARD.compact() + "|1001|" + CARD.compact());
        for (boolean exempt : List.of(false, true)) {
            try (Connection c = reader(exempt, PREPARED_BINARY); PreparedStatement ps = c.prepareStatement(sql)) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next(); // The first execution is in text (see above).
                    assertThat(rs.getString(1)).isEqualTo(exempt ? CARD.compact() : "****");
                    assertThat(rs.getString(3)).isEqualTo(exempt ? CARD.compact() : "****");
                }
                for (int round = 0; round < 2; round++) {
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertThat(rs.getObject(1)).as("binary int8 under the rule")
                                .isEqualTo(exempt ? Long.valueOf(CARD.compact()) : null);
                        assertThat(rs.getObject(2)).isEqualTo(1001L);
                        assertThat(rs.getObject(3)).isEqualTo(exempt ? Long.valueOf(CARD.compact()) : null);
                    }
                }
            }
        }
    }
}
