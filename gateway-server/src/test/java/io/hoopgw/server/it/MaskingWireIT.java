package io.hoopgw.server.it;

import static io.hoopgw.server.it.MaskingSetup.CARD_MASKED;
import static io.hoopgw.server.it.MaskingSetup.EMAIL_MASKED;
import static io.hoopgw.server.it.MaskingSetup.IBAN_MASKED;
import static io.hoopgw.server.it.MaskingSetup.SSN_MASKED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.read.AuditEntry;
import io.hoopgw.audit.read.AuditReader;
import io.hoopgw.audit.schema.CopySummary;
import io.hoopgw.audit.schema.MaskedCount;
import io.hoopgw.audit.schema.Notice;
import io.hoopgw.audit.schema.Notification;
import io.hoopgw.audit.schema.QueryStatement;
import io.hoopgw.audit.schema.ResultSummary;
import io.hoopgw.audit.schema.Row;
import io.hoopgw.audit.schema.SessionEnded;
import io.hoopgw.audit.schema.SessionStarted;
import io.hoopgw.audit.schema.StatementOutcome;
import io.hoopgw.audit.schema.Value;
import io.hoopgw.server.testing.GatewayHarness;
import io.hoopgw.server.testing.MaskingFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.util.PSQLException;

/**
 * Masking on the wire and in the record, with recording and masking configured together (only non-exempt
 * identities connect, and no statement carries a sensitive value): rows that need no change reach the client
 * byte for byte as PostgreSQL sent them; rewritten rows have correct lengths, binary jsonb keeps its version byte;
 * the audit directory and the gateway's log hold masked values only, and the recorded digest is that of the masked
 * rows the client received.
 */
class MaskingWireIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path keys;

    private static GatewayHarness harness;
    private static PrintStream originalErr;
    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        // slf4j-simple writes to whatever System.err is at the time of each log call.
        originalErr = System.err;
        System.setErr(new PrintStream(new Tee(originalErr, LOG), true, StandardCharsets.UTF_8));
        JWK key = AuditKeys.generate(AuditKeys.Algorithm.ED25519);
        Path keyFile = keys.resolve("audit-key.jwk");
        AuditKeys.write(key, keyFile, keys.resolve("audit-key.pub.jwk"));
        harness = GatewayHarness.builder()
                .section("audit:\n  directory: %state%/audit\n  instance: masking-it\n  signingKey: {file: "
                        + keyFile + "}\n  results: rows\n")
                .section(MaskingSetup.MASKING_SECTION)
                .start();
        MaskingSetup.load(harness);
    }

    @AfterAll
    static void stop() {
        try {
            if (harness != null) {
                harness.close();
            }
        } finally {
            System.setErr(originalErr);
        }
    }

    private static Path auditDir() {
        return harness.stateDir().resolve("audit");
    }

    private static RawPgClient gatewayClient() throws IOException {
        RawPgClient client = RawPgClient.connect(harness.port());
        client.login(Map.of("user", harness.readerRole(), "database", harness.target()),
                harness.token("raw@example.com", "readers"));
        return client;
    }

    private static RawPgClient directClient() throws IOException {
        RawPgClient client = RawPgClient.connect(harness.postgres().port());
        client.loginScram(Map.of("user", harness.postgres().superuser(), "database", harness.target()),
                harness.postgres().superuserPassword());
        return client;
    }

    private static List<RawPgClient.Message> response(RawPgClient client, String sql) throws IOException {
        return client.simpleQuery(sql).messages();
    }

    private static List<String> hex(List<RawPgClient.Message> messages) {
        return messages.stream().map(m -> m.tag() + " " + HexFormat.of().formatHex(m.wire())).toList();
    }

    @Test
    void rowsWithNothingToMaskArriveByteForByteAsPostgresSentThem() throws Exception {
        // not_sensitive's amount 4111111111111111.25 holds the digits of customer 1's card, which the record
        // check below must not find anywhere; the detectors rightly leave it alone, but it stays out of the record.
        String lookalikes = "SELECT id, kind, value FROM not_sensitive WHERE id <> 18 ORDER BY id";
        String orders = "SELECT id, order_no, placed, reference FROM orders ORDER BY id";
        String mixed = "SELECT id, value FROM not_sensitive WHERE id IN (1, 5, 14)"
                + " UNION ALL SELECT 100 + id, card FROM customers WHERE id = 1 ORDER BY 1";
        try (RawPgClient direct = directClient(); RawPgClient gateway = gatewayClient()) {
            List<RawPgClient.Message> expected = response(direct, lookalikes);
            assertThat(expected.stream().filter(m -> m.tag() == 'D')).hasSize(MaskingFixture.NOT_SENSITIVE.size() - 1);
            assertThat(hex(response(gateway, lookalikes))).containsExactlyElementsOf(hex(expected));
            assertThat(hex(response(gateway, orders))).containsExactlyElementsOf(hex(response(direct, orders)));

            List<String> directMixed = hex(response(direct, mixed));
            List<String> gatewayMixed = hex(response(gateway, mixed));
            assertThat(gatewayMixed).hasSameSizeAs(directMixed);
            // RowDescription, the three look-alike rows, then the card row, CommandComplete, ReadyForQuery.
            for (int i : new int[] {0, 1, 2, 3, 5, 6}) {
                assertThat(gatewayMixed.get(i)).as("message %d", i).isEqualTo(directMixed.get(i));
            }
            assertThat(gatewayMixed.get(4)).isNotEqualTo(directMixed.get(4))
                    .contains(HexFormat.of().formatHex(CARD_MASKED.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void binaryValuesAreRewrittenWithCorrectLengthsAndJsonbKeepsItsVersionByte() throws Exception {
        try (RawPgClient gateway = gatewayClient()) {
            gateway.send(RawPgClient.concat(
                    RawPgClient.parse("", "SELECT profile, card, card_number, name, card::varchar,"
                            + " card::char(24), card::name, profile_json FROM customers WHERE id = 2"),
                    // No parameters; one result format code for all columns: binary.
                    RawPgClient.message('B', RawPgClient.concat(RawPgClient.cString(""), RawPgClient.cString(""),
                            shorts(0, 0, 1, 1))),
                    RawPgClient.describePortal(""),
                    RawPgClient.execute("", 0),
                    RawPgClient.sync()));
            List<RawPgClient.Message> messages = gateway.readResponse(true).messages();
            assertThat(messages.stream().map(RawPgClient.Message::tag))
                    .containsExactly('1', '2', 'T', 'D', 'C', 'Z');
            List<byte[]> values = columns(messages.get(3).body());
            assertThat(values).hasSize(8);
            assertThat(values.get(0)[0]).as("jsonb version byte").isEqualTo((byte) 1);
            JsonNode profile = JSON.readTree(new String(values.get(0), 1, values.get(0).length - 1,
                    StandardCharsets.UTF_8));
            assertThat(profile.path("card").asText()).isEqualTo("************4444");
            assertThat(profile.path("card_number").asText()).isEqualTo("************4444");
            assertThat(profile.path("email").asText()).isEqualTo(EMAIL_MASKED);
            assertThat(profile.path("ssn").asText()).isEqualTo(SSN_MASKED);
            assertThat(profile.path("iban").asText()).isEqualTo("DE****************3000");
            assertThat(profile.path("vip").asBoolean()).isTrue();
            assertThat(new String(values.get(1), StandardCharsets.UTF_8)).isEqualTo("************4444");
            assertThat(values.get(2)).as("binary int8 under a column rule").isNull();
            assertThat(new String(values.get(3), StandardCharsets.UTF_8)).isEqualTo("Bob Jones");
            // Every text-like type is text in binary too: varchar, bpchar (its padding kept), name, json.
            assertThat(new String(values.get(4), StandardCharsets.UTF_8)).isEqualTo("************4444");
            assertThat(new String(values.get(5), StandardCharsets.UTF_8)).isEqualTo("************4444     ");
            assertThat(new String(values.get(6), StandardCharsets.UTF_8)).isEqualTo("************4444");
            JsonNode json = JSON.readTree(new String(values.get(7), StandardCharsets.UTF_8));
            assertThat(json.at("/billing/card").asText()).isEqualTo("************4444");
            assertThat(json.at("/contacts/0").asText()).isEqualTo(EMAIL_MASKED);
        }
    }

    @Test
    void everyResultOfAQueryWithSeveralStatementsIsMaskedByItsOwnColumns() throws Exception {
        try (RawPgClient gateway = gatewayClient()) {
            List<RawPgClient.Message> messages = response(gateway, "SELECT card FROM customers WHERE id = 1;"
                    + " SELECT 1 AS n; SELECT card_number, email, name FROM customers WHERE id = 2");
            assertThat(messages.stream().map(RawPgClient.Message::tag)).containsExactly('T', 'D', 'C', 'T', 'D', 'C',
                    'T', 'D', 'C', 'Z');
            assertThat(texts(messages.get(1))).containsExactly(CARD_MASKED);
            assertThat(texts(messages.get(4))).containsExactly("1");
            assertThat(texts(messages.get(7))).containsExactly("****", EMAIL_MASKED, "Bob Jones");
        }
    }

    @Test
    void aCardNumberFetchedAsABinaryNumberBecomesNull() throws Exception {
        try (RawPgClient gateway = gatewayClient()) {
            gateway.send(RawPgClient.concat(
                    // Computed, so that the card is not in the statement's text (which is recorded as sent).
                    RawPgClient.parse("", "SELECT 4111111111111110::bigint + 1, 4111111111111110::numeric + 1,"
                            + " 4111111111111112::bigint, 1234567::numeric"),
                    RawPgClient.message('B', RawPgClient.concat(RawPgClient.cString(""), RawPgClient.cString(""),
                            shorts(0, 0, 1, 1))),
                    RawPgClient.describePortal(""),
                    RawPgClient.execute("", 0),
                    RawPgClient.sync()));
            RawPgClient.Response response = gateway.readResponse(true);
            assertThat(response.errors()).isEmpty();
            List<RawPgClient.Message> messages = response.messages();
            assertThat(messages.stream().map(RawPgClient.Message::tag)).containsExactly('1', '2', 'T', 'D', 'C', 'Z');
            List<byte[]> values = columns(messages.get(3).body());
            assertThat(values.get(0)).as("a card as a binary bigint").isNull();
            assertThat(values.get(1)).as("a card as a binary numeric").isNull();
            assertThat(java.nio.ByteBuffer.wrap(values.get(2)).getLong()).as("fails the Luhn check")
                    .isEqualTo(4111111111111112L);
            assertThat(values.get(3)).as("an ordinary number").isNotNull();
        }
    }

    private static List<String> texts(RawPgClient.Message dataRow) {
        assertThat(dataRow.tag()).isEqualTo('D');
        return columns(dataRow.body()).stream().map(value -> value == null ? null
                : new String(value, StandardCharsets.UTF_8)).toList();
    }

    /** The values of a DataRow body (NULL as null), checking that the lengths account for every byte. */
    private static List<byte[]> columns(byte[] body) {
        ByteBuffer in = ByteBuffer.wrap(body);
        int count = in.getShort();
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int length = in.getInt();
            if (length < 0) {
                values.add(null);
            } else {
                byte[] value = new byte[length];
                in.get(value);
                values.add(value);
            }
        }
        assertThat(in.remaining()).as("bytes after the last column").isZero();
        return values;
    }

    private static byte[] shorts(int... values) {
        ByteBuffer out = ByteBuffer.allocate(2 * values.length);
        for (int value : values) {
            out.putShort((short) value);
        }
        return out.array();
    }

    private static Connection connect(String role, String group, String urlOptions, String... moreGroups)
            throws SQLException {
        List<String> groups = new ArrayList<>(List.of(group));
        groups.addAll(List.of(moreGroups));
        Properties properties = new Properties();
        properties.setProperty("user", role);
        properties.setProperty("password", harness.token(group + "@example.com", groups.toArray(String[]::new)));
        return DriverManager.getConnection(harness.jdbcUrl() + urlOptions, properties);
    }

    @Test
    void theRecordAndTheLogHoldOnlyMaskedValues() throws Exception {
        String digestQuery = "SELECT id, email, card, ssn, iban, card_number, profile FROM customers ORDER BY id";
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        try (RawPgClient gateway = gatewayClient()) {
            for (RawPgClient.Message message : response(gateway, digestQuery)) {
                if (message.tag() == 'D') {
                    sent.update(message.wire());
                }
            }
        }
        try (Connection c = connect(harness.readerRole(), "readers", "&prepareThreshold=1&binaryTransfer=true");
                PreparedStatement ps = c.prepareStatement("SELECT card, email, ssn, iban, card_number"
                        + " FROM customers WHERE id = ?");
                Statement s = c.createStatement()) {
            for (int id = 1; id <= MaskingFixture.CUSTOMERS; id++) {
                ps.setInt(1, id);
                ps.executeQuery().close();
            }
            assertThatThrownBy(() -> c.unwrap(PGConnection.class).getCopyAPI().copyOut(
                    "COPY customers TO STDOUT WITH (FORMAT binary)", new ByteArrayOutputStream()))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("0A000"));
            // Under the column rule, COPY gets it per field (public: billing has a customers table too).
            StringWriter ruled = new StringWriter();
            c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY public.customers (id, card_number) TO STDOUT"
                    + " WITH (FORMAT csv)", ruled);
            assertThat(ruled.toString().lines()).hasSize(MaskingFixture.CUSTOMERS).allMatch(l -> l.endsWith(",****"));
            s.execute("LISTEN refunds");
            s.execute("SELECT pg_notify('refunds', 'refund to ' || card) FROM customers WHERE id = 1");
            PGNotification[] received = c.unwrap(PGConnection.class).getNotifications(10_000);
            assertThat(received).extracting(PGNotification::getParameter).containsExactly("refund to " + CARD_MASKED);
            s.execute("DO $$ BEGIN RAISE NOTICE 'paying with %', (SELECT card FROM customers WHERE id = 1); END $$");
            assertThat(s.getWarnings().getMessage()).isEqualTo("paying with " + CARD_MASKED);
            assertThatThrownBy(() -> s.executeQuery("SELECT card::bigint FROM customers WHERE id = 1"))
                    .hasMessageContaining("invalid input syntax for type bigint: \"" + CARD_MASKED + "\"");
        }
        // COPY is for identities under no column rule: analysts are under the value detectors only.
        try (Connection c = connect(harness.readerRole(), "readers", "", MaskingSetup.ANALYSTS)) {
            StringWriter csv = new StringWriter();
            c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT id, card, email, ssn, iban FROM customers"
                    + " ORDER BY id) TO STDOUT WITH (FORMAT csv)", csv);
            assertThat(csv.toString()).contains(CARD_MASKED);
        }
        try (Connection c = connect(harness.writerRole(), "writers", ""); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("INSERT INTO customers (id, name, card, card_issuer, card_number,"
                    + " email, ssn, iban) SELECT 99, 'Dup', card, card_issuer, card_number, email, ssn, iban"
                    + " FROM customers WHERE id = 1"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getServerErrorMessage()
                            .getDetail()).isEqualTo("Key (card)=(" + CARD_MASKED + ") already exists."));
        }

        List<AuditEntry> entries = recordsOfEndedSessions();
        QueryStatement digested = payloads(entries, QueryStatement.class).stream()
                .filter(q -> q.getText().equals(digestQuery)).findFirst()
                .orElseThrow(() -> new AssertionError("not recorded; recorded: " + entries.stream()
                        .map(e -> e.kind() + " " + e.record().getPayload()).toList()));
        ResultSummary summary = payloads(entries, ResultSummary.class).stream()
                .filter(r -> r.getSessionId().equals(digested.getSessionId())
                        && r.getStatement() == digested.getStatement()).findFirst().orElseThrow();
        int customers = MaskingFixture.CUSTOMERS;
        assertThat(summary.getRows()).isEqualTo(customers);
        assertThat(summary.getDigest().bytes()).as("digest of the rows as the client received them")
                .isEqualTo(sent.digest());
        List<String> first = sampleTexts(summary.getSample().get(0));
        assertThat(first.subList(0, 6)).containsExactly("1", EMAIL_MASKED, CARD_MASKED, SSN_MASKED, IBAN_MASKED,
                "****");
        JsonNode profile = JSON.readTree(first.get(6));
        assertThat(profile.path("card").asText()).isEqualTo(CARD_MASKED);
        assertThat(profile.path("card_number").asText()).isEqualTo(CARD_MASKED);
        // Each column's value, and each profile document (which holds all four kinds), once per rule.
        assertThat(counts(summary.getMasked())).containsExactlyInAnyOrderEntriesOf(Map.of("cards", 2L * customers,
                "emails", 2L * customers, "ssns", 2L * customers, "ibans", 2L * customers, "card-numbers",
                (long) customers));
        assertThat(payloads(entries, CopySummary.class)).anySatisfy(copy -> {
            assertThat(copy.getFirstLines()).hasSize(customers).first().isEqualTo(String.join(",", "1", CARD_MASKED,
                    EMAIL_MASKED, SSN_MASKED, IBAN_MASKED));
            assertThat(counts(copy.getMasked())).containsEntry("cards", (long) customers);
        });
        assertThat(payloads(entries, CopySummary.class)).anySatisfy(copy -> {
            assertThat(copy.getFirstLines()).hasSize(customers).first().isEqualTo("1,****");
            assertThat(counts(copy.getMasked())).containsExactlyEntriesOf(Map.of("card-numbers", (long) customers));
        });
        assertThat(payloads(entries, Notification.class)).extracting(Notification::getPayload)
                .containsExactly("refund to " + CARD_MASKED);
        assertThat(payloads(entries, Notice.class)).extracting(Notice::getMessage)
                .contains("paying with " + CARD_MASKED);
        assertThat(payloads(entries, StatementOutcome.class)).extracting(StatementOutcome::getMessage)
                .contains("invalid input syntax for type bigint: \"" + CARD_MASKED + "\"");

        // Avro writes strings as their UTF-8 bytes, and the segments are not compressed: reading the bytes as
        // Latin-1 keeps each byte one character, and every value here is ASCII.
        String everything = new String(allBytes(auditDir()), StandardCharsets.ISO_8859_1);
        assertThat(everything).as("the audit directory's bytes").contains(CARD_MASKED);
        assertNoSensitiveValue(everything, "the audit directory");
        String log = LOG.toString(StandardCharsets.UTF_8);
        assertThat(log).as("the gateway's log").contains("stopped a result");
        assertNoSensitiveValue(log, "the gateway's log");
    }

    /** Fails, naming the value and where it was found, if {@code text} holds any fixture value in any spelling. */
    private static void assertNoSensitiveValue(String text, String what) {
        for (MaskingFixture.Sensitive value : MaskingFixture.SENSITIVE) {
            for (String spelling : List.of(value.written(), value.compact())) {
                int at = text.indexOf(spelling);
                if (at >= 0) {
                    throw new AssertionError(what + " holds customer " + value.id() + "'s " + value.column() + " '"
                            + spelling + "' at offset " + at + ": ..."
                            + text.substring(Math.max(0, at - 80), Math.min(text.length(), at + 80)) + "...");
                }
            }
        }
    }

    /** Waits until every session recorded so far has ended, and returns all records. */
    private static List<AuditEntry> recordsOfEndedSessions() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            List<AuditEntry> entries = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            AuditReader.forEach(auditDir(), entries::add, problem -> problems.add(problem.toString()));
            long started = payloads(entries, SessionStarted.class).size();
            long ended = payloads(entries, SessionEnded.class).size();
            if (problems.isEmpty() && started > 0 && started == ended) {
                return entries;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(started + " sessions started, " + ended + " ended; problems: " + problems);
            }
            Thread.sleep(50);
        }
    }

    private static <T> List<T> payloads(List<AuditEntry> entries, Class<T> type) {
        return entries.stream().map(e -> e.record().getPayload()).filter(type::isInstance).map(type::cast).toList();
    }

    private static List<String> sampleTexts(Row row) {
        return row.getValues().stream().map(Value::getText).toList();
    }

    private static Map<String, Long> counts(List<MaskedCount> masked) {
        Map<String, Long> counts = new LinkedHashMap<>();
        masked.forEach(count -> counts.put(count.getRule(), count.getValues()));
        return counts;
    }

    private static byte[] allBytes(Path dir) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.writeBytes(Files.readAllBytes(file));
            }
        }
        return all.toByteArray();
    }

    /** Writes to two streams: the gateway's log still reaches the test report while the test reads it. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final ByteArrayOutputStream second;

        Tee(OutputStream first, ByteArrayOutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            synchronized (second) {
                second.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            synchronized (second) {
                second.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            first.flush();
        }
    }
}
