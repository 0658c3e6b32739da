package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.hoopgw.audit.schema.AuditIdentity;
import io.hoopgw.audit.schema.BindStatement;
import io.hoopgw.audit.schema.Column;
import io.hoopgw.audit.schema.CopyDirection;
import io.hoopgw.audit.schema.CopySummary;
import io.hoopgw.audit.schema.ExecuteStatement;
import io.hoopgw.audit.schema.Notice;
import io.hoopgw.audit.schema.Notification;
import io.hoopgw.audit.schema.OutcomeKind;
import io.hoopgw.audit.schema.ParseStatement;
import io.hoopgw.audit.schema.PolicyDecision;
import io.hoopgw.audit.schema.QueryStatement;
import io.hoopgw.audit.schema.ResultSummary;
import io.hoopgw.audit.schema.SessionEnded;
import io.hoopgw.audit.schema.SessionStarted;
import io.hoopgw.audit.schema.StartupParameter;
import io.hoopgw.audit.schema.StatementOutcome;
import io.hoopgw.audit.schema.Value;
import io.hoopgw.audit.schema.ValueFormat;
import io.hoopgw.audit.verify.Report;
import io.hoopgw.server.testing.GatewayHarness;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PGobject;

/**
 * Sessions recorded by a gateway whose {@code audit} section is configured, driven by pgjdbc to a real PostgreSQL:
 * every way the driver runs SQL produces the statement records, parameter values, outcomes and result summaries
 * (digest, counts, first rows) an auditor needs, and the directory verifies once the gateway has closed.
 *
 * <p>Each test names its session by {@code ApplicationName} and reads that session's records back with the audit
 * reader.
 */
class SessionRecordingIT {
    @TempDir
    static Path keys;

    private static RecordingGateway recording;
    private static GatewayHarness harness;
    private static Path auditDir;

    @BeforeAll
    static void start() throws Exception {
        recording = RecordingGateway.start(keys, """
                  instance: it-recording
                  sampleRows: 3
                """);
        harness = recording.harness();
        auditDir = recording.auditDir();
        try (Connection c = connect("setup"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
            s.execute("INSERT INTO items VALUES (1, 'one'), (2, 'two'), (3, NULL)");
            s.execute("CREATE TABLE typed (i int, n numeric, b bool, t text, by bytea, ts timestamptz, d date,"
                    + " u uuid, j jsonb, a int[], ta text[], nul int)");
            s.execute("CREATE TABLE batch_t (id int, label text)");
            s.execute("CREATE TABLE copy_t (id int, name text)");
            s.execute("CREATE TABLE multi_t (v int)");
            s.execute("CREATE TABLE tx_t (id int)");
        }
    }

    @AfterAll
    static void closeAndVerify() throws Exception {
        if (recording == null) {
            return;
        }
        Report report = recording.closeAndVerify();
        assertThat(report.unsealed()).as(report.render()).isZero();
        assertThat(report.records()).as(report.render()).isGreaterThan(10);
    }

    private static Connection connect(String applicationName, String... settings) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", applicationName);
        // pgjdbc puts application_name into the StartupMessage (where the session record takes it from) only
        // when told the server is new enough; otherwise it sends a SET after the login.
        properties.setProperty("assumeMinServerVersion", "10");
        for (int i = 0; i < settings.length; i += 2) {
            properties.setProperty(settings[i], settings[i + 1]);
        }
        return harness.connectAsWriter(properties);
    }

    @Test
    void aSimpleQueryIsRecordedWithItsResultDigestAndFirstRows() throws Exception {
        String sql = "SELECT id, name FROM items ORDER BY id";
        try (Connection c = connect("simple", "preferQueryMode", "simple");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                assertThat(rs.getInt(1)).isPositive();
            }
        }

        RecordedSession session = RecordedSession.await(auditDir, "simple");
        QueryStatement query = session.query(sql);
        assertThat(query.getPart()).isEqualTo(1);
        assertThat(query.getParts()).isEqualTo(1);
        StatementOutcome outcome = session.outcome(query.getStatement());
        assertThat(outcome.getKind()).isEqualTo(OutcomeKind.COMPLETED);
        assertThat(outcome.getCommandTag()).isEqualTo("SELECT 3");
        assertThat(outcome.getRows()).isEqualTo(3L);
        ResultSummary result = session.result(query.getStatement());
        assertThat(result.getColumns()).extracting(Column::getName, Column::getTypeOid, Column::getFormat)
                .containsExactly(tuple("id", 23, ValueFormat.TEXT),
                        tuple("name", 25, ValueFormat.TEXT));
        assertThat(result.getRows()).isEqualTo(3);
        List<byte[]> dataRows = List.of(RecordedSession.dataRow("1", "one"), RecordedSession.dataRow("2", "two"),
                RecordedSession.dataRow("3", null));
        assertThat(result.getBytes()).isEqualTo(dataRows.stream().mapToInt(r -> r.length).sum());
        assertThat(result.getDigest().bytes()).isEqualTo(RecordedSession.sha256(dataRows));
        assertThat(RecordedSession.rows(result)).containsExactly(List.of("1", "one"), List.of("2", "two"),
                Arrays.asList("3", null));
        assertThat(result.getSampleTruncated()).isFalse();
        SessionEnded end = session.only(SessionEnded.class);
        assertThat(end.getStatements()).isGreaterThanOrEqualTo(1);
        assertThat(end.getRows()).isGreaterThanOrEqualTo(3);
        // As `hoopgw audit show` prints it.
        assertThat(session.timeline()).contains("] QUERY: " + sql, "] OUTCOME SELECT 3 (",
                "] RESULT 3 rows, " + result.getBytes() + " bytes, sha256 ", "row: '1' 'one'", "row: '3' NULL",
                "SESSION START writer@example.com", "application simple");
    }

    @Test
    void aSessionsStartAndEndRecordWhoConnectedHowAndTheSessionsTotals() throws Exception {
        String token = harness.token("auditor@example.com", "writers", "auditors");
        JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
        Properties properties = new Properties();
        properties.setProperty("password", token);
        properties.setProperty("ApplicationName", "start-end");
        properties.setProperty("assumeMinServerVersion", "10");
        properties.setProperty("preferQueryMode", "simple");
        try (Connection c = harness.connectAsWriter(properties); Statement s = c.createStatement()) {
            s.executeQuery("SELECT id, name FROM items ORDER BY id").close();
            s.executeQuery("SELECT 'x'").close();
            assertThatThrownBy(() -> s.executeQuery("SELECT 1/0")).isInstanceOf(SQLException.class);
        }

        RecordedSession session = RecordedSession.await(auditDir, "start-end");
        SessionStarted started = session.only(SessionStarted.class);
        assertThat(started.getTarget()).isEqualTo(harness.target());
        assertThat(started.getUpstreamRole()).isEqualTo(harness.writerRole());
        AuditIdentity identity = started.getIdentity();
        assertThat(identity.getSubject()).isEqualTo("auditor@example.com");
        assertThat(identity.getIssuer()).isEqualTo(claims.getIssuer());
        assertThat(identity.getGroups()).containsExactlyInAnyOrder("writers", "auditors");
        assertThat(identity.getTokenId()).isNotBlank().isEqualTo(claims.getJWTID());
        assertThat(identity.getExpiresAt()).isEqualTo(claims.getExpirationTime().toInstant());
        io.hoopgw.audit.schema.Connection connection = started.getConnection();
        assertThat(connection.getClientAddress()).isEqualTo("127.0.0.1");
        assertThat(connection.getClientPort()).isPositive().isNotEqualTo(harness.port());
        assertThat(connection.getTlsVersion()).startsWith("TLSv1.");
        assertThat(connection.getApplicationName()).isEqualTo("start-end");
        assertThat(connection.getGatewayInstance()).isEqualTo("it-recording");
        assertThat(connection.getStartupParameters()).extracting(StartupParameter::getName,
                StartupParameter::getValue).contains(tuple("user", harness.writerRole()),
                tuple("database", harness.target()), tuple("application_name", "start-end"));

        SessionEnded end = session.only(SessionEnded.class);
        assertThat(end.getReason()).isEqualTo("client terminated");
        assertThat(end.getStatements()).as(session.timeline()).isEqualTo(3);
        assertThat(end.getFailedStatements()).isEqualTo(1);
        List<ResultSummary> results = session.all(ResultSummary.class);
        assertThat(end.getRows()).isEqualTo(4).isEqualTo(results.stream().mapToLong(ResultSummary::getRows).sum());
        assertThat(end.getResultBytes()).isEqualTo(results.stream().mapToLong(ResultSummary::getBytes).sum());
        assertThat(end.getDurationMicros()).isPositive();

        // Never the token, not even in part (its signature, its payload), anywhere in the directory.
        String[] parts = token.split("\\.");
        try (var files = Files.list(auditDir)) {
            for (Path file : files.toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(file.toString()).doesNotContain(parts[1]).doesNotContain(parts[2]);
            }
        }
    }

    @Test
    void anExtendedQueryIsRecordedAsParseBindExecuteWithItsParameter() throws Exception {
        String sql = "SELECT name FROM items WHERE id = ?";
        try (Connection c = connect("extended"); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, 2);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("two");
            }
        }

        RecordedSession session = RecordedSession.await(auditDir, "extended");
        String text = "SELECT name FROM items WHERE id = $1";
        ParseStatement parse = session.parses(text).get(0);
        assertThat(parse.getName()).isEmpty();
        assertThat(parse.getParameterTypes()).containsExactly(23);
        BindStatement bind = session.binds(text).get(0);
        assertThat(bind.getStatementName()).isEmpty();
        assertThat(bind.getParameters()).extracting(RecordedSession::text).containsExactly("2");
        ExecuteStatement execute = session.executes(text).get(0);
        assertThat(execute.getStatement()).isGreaterThan(bind.getStatement());
        assertThat(execute.getMaxRows()).isZero();
        assertThat(session.outcome(execute.getStatement()).getCommandTag()).isEqualTo("SELECT 1");
        ResultSummary result = session.result(execute.getStatement());
        assertThat(result.getRows()).isEqualTo(1);
        assertThat(result.getDigest()).isNotNull();
        assertThat(RecordedSession.rows(result)).containsExactly(List.of("two"));
        // As `hoopgw audit show` prints it: the statement, its parameter, its outcome and its rows.
        assertThat(session.timeline()).contains("] PARSE \"\" types [23]: " + text,
                "] BIND portal \"\" statement \"\": $1='2'", "] EXECUTE portal \"\"", "] OUTCOME SELECT 1 (",
                "row: 'two'");
    }

    /** A binary parameter of a type the recorder does not decode is kept as hex, with its type OID. */
    @Test
    void aBinaryParameterOfAnUndecodedTypeIsRecordedAsHexWithItsType() throws Exception {
        byte[] point = java.nio.ByteBuffer.allocate(16).putDouble(1.5).putDouble(-2).array();
        try (RawPgClient raw = RawPgClient.connect(harness.port())) {
            raw.login(Map.of("user", harness.writerRole(), "database", harness.target(),
                    "application_name", "raw-point"), harness.token("raw@example.com", "writers"));
            byte[] parse = RawPgClient.message('P', RawPgClient.concat(RawPgClient.cString(""),
                    RawPgClient.cString("SELECT $1::text"), java.nio.ByteBuffer.allocate(6).putShort((short) 1)
                            .putInt(600).array()));
            // Bind: one parameter format (binary), one 16-byte value, one result format (text).
            byte[] bind = RawPgClient.message('B', RawPgClient.concat(RawPgClient.cString(""),
                    RawPgClient.cString(""), java.nio.ByteBuffer.allocate(2 + 2 + 2 + 4 + 16 + 4)
                            .putShort((short) 1).putShort((short) 1).putShort((short) 1).putInt(16).put(point)
                            .putShort((short) 1).putShort((short) 0).array()));
            raw.send(RawPgClient.concat(parse, bind, RawPgClient.describePortal(""), RawPgClient.execute("", 0),
                    RawPgClient.sync()));
            RawPgClient.Response response = raw.readResponse(true);
            assertThat(response.errors()).isEmpty();
        }

        RecordedSession session = RecordedSession.await(auditDir, "raw-point");
        Value value = session.binds("SELECT $1::text").get(0).getParameters().get(0);
        assertThat(value.getTypeOid()).isEqualTo(600);
        assertThat(value.getFormat()).isEqualTo(ValueFormat.BINARY);
        assertThat(value.getText()).isNull();
        byte[] kept = new byte[value.getRaw().remaining()];
        value.getRaw().duplicate().get(kept);
        assertThat(kept).isEqualTo(point);
        assertThat(RecordedSession.rows(session.result(session.executes("SELECT $1::text").get(0).getStatement())))
                .containsExactly(List.of("(1.5,-2)"));
        assertThat(session.timeline()).contains("$1=\\x" + java.util.HexFormat.of().formatHex(point)
                + " (type 600, binary)");
    }

    @Test
    void serverPreparedStatementsRecordEveryBindsValuesOfManyTypes() throws Exception {
        String insert = "INSERT INTO typed VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        String select = "SELECT i, n, b, t, by, d, u, a, nul FROM typed WHERE i = ?";
        UUID uuid = UUID.fromString("0b6c8f64-1c9e-4b43-9a55-2b7f2d6e1a10");
        try (Connection c = connect("prepared", "prepareThreshold", "2");
                PreparedStatement ps = c.prepareStatement(insert);
                PreparedStatement query = c.prepareStatement(select)) {
            for (int i = 1; i <= 3; i++) {
                ps.setInt(1, i);
                ps.setBigDecimal(2, new BigDecimal("12.50"));
                ps.setBoolean(3, true);
                ps.setString(4, "hello 'world' " + i);
                ps.setBytes(5, new byte[] {1, (byte) 0xff, 0});
                ps.setObject(6, OffsetDateTime.of(2024, 2, 29, 13, 14, 15, 0, ZoneOffset.UTC));
                ps.setObject(7, LocalDate.of(2024, 2, 29));
                ps.setObject(8, uuid);
                PGobject json = new PGobject();
                json.setType("jsonb");
                json.setValue("{\"k\": [1, 2]}");
                ps.setObject(9, json);
                ps.setArray(10, c.createArrayOf("int4", new Integer[] {1, 2, 3}));
                ps.setArray(11, c.createArrayOf("text", new String[] {"a b", "c"}));
                ps.setNull(12, Types.INTEGER);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            for (int i = 1; i <= 3; i++) {
                query.setInt(1, i);
                try (ResultSet rs = query.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getObject(7)).isEqualTo(uuid);
                }
            }
        }

        RecordedSession session = RecordedSession.await(auditDir, "prepared");
        String insertText = "INSERT INTO typed VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
        List<ParseStatement> parses = session.parses(insertText);
        // Below the threshold pgjdbc parses the unnamed statement each time; from then on a named one, once.
        assertThat(parses).extracting(ParseStatement::getName).contains("").anyMatch(name -> !name.isEmpty());
        String named = parses.stream().map(ParseStatement::getName).filter(n -> !n.isEmpty()).findFirst()
                .orElseThrow();
        List<BindStatement> binds = session.binds(insertText);
        assertThat(binds).hasSize(3);
        assertThat(binds).filteredOn(b -> b.getStatementName().equals(named)).hasSizeGreaterThanOrEqualTo(1);
        for (int i = 0; i < 3; i++) {
            List<Value> values = binds.get(i).getParameters();
            assertThat(values).hasSize(12);
            assertThat(RecordedSession.text(values.get(0))).isEqualTo(Integer.toString(i + 1));
            assertThat(RecordedSession.text(values.get(1))).isEqualTo("12.50");
            assertThat(RecordedSession.text(values.get(2))).isIn("1", "t", "true", "TRUE");
            assertThat(RecordedSession.text(values.get(3))).isEqualTo("hello 'world' " + (i + 1));
            assertThat(RecordedSession.text(values.get(4))).isEqualTo("\\x01ff00");
            assertThat(RecordedSession.text(values.get(5))).startsWith("2024-02-29 13:14:15").endsWith("+00");
            assertThat(RecordedSession.text(values.get(6))).isEqualTo("2024-02-29");
            assertThat(RecordedSession.text(values.get(7))).isEqualTo(uuid.toString());
            assertThat(RecordedSession.text(values.get(8))).isEqualTo("{\"k\": [1, 2]}");
            assertThat(RecordedSession.text(values.get(9))).isEqualTo("{1,2,3}");
            assertThat(RecordedSession.text(values.get(10))).isEqualTo("{\"a b\",c}");
            assertThat(values.get(11).getIsNull()).isTrue();
            assertThat(values.get(11).getLength()).isEqualTo(-1);
        }
        List<ExecuteStatement> inserts = session.executes(insertText);
        assertThat(inserts).hasSize(3);
        for (ExecuteStatement execute : inserts) {
            assertThat(session.outcome(execute.getStatement()).getCommandTag()).isEqualTo("INSERT 0 1");
        }

        String selectText = "SELECT i, n, b, t, by, d, u, a, nul FROM typed WHERE i = $1";
        List<ExecuteStatement> selects = session.executes(selectText);
        assertThat(selects).hasSize(3);
        for (int i = 0; i < 3; i++) {
            ResultSummary result = session.result(selects.get(i).getStatement());
            assertThat(result.getRows()).isEqualTo(1);
            assertThat(result.getDigest()).isNotNull();
            assertThat(RecordedSession.rows(result)).containsExactly(Arrays.asList(Integer.toString(i + 1),
                    "12.50", "t", "hello 'world' " + (i + 1), "\\x01ff00", "2024-02-29", uuid.toString(),
                    "{1,2,3}", null));
        }
        // Once server-prepared, pgjdbc asks for binary results of the types it reads in binary.
        assertThat(session.result(selects.get(2).getStatement()).getColumns())
                .anyMatch(column -> column.getFormat() == ValueFormat.BINARY);
    }

    @Test
    void aBatchRecordsEachRowsBindAndOutcome() throws Exception {
        try (Connection c = connect("batch");
                PreparedStatement ps = c.prepareStatement("INSERT INTO batch_t VALUES (?, ?)")) {
            for (int i = 1; i <= 5; i++) {
                ps.setInt(1, i);
                ps.setString(2, "row " + i);
                ps.addBatch();
            }
            assertThat(ps.executeBatch()).containsExactly(1, 1, 1, 1, 1);
        }

        RecordedSession session = RecordedSession.await(auditDir, "batch");
        String text = "INSERT INTO batch_t VALUES ($1, $2)";
        List<BindStatement> binds = session.binds(text);
        assertThat(binds).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(binds.get(i).getParameters()).extracting(RecordedSession::text)
                    .containsExactly(Integer.toString(i + 1), "row " + (i + 1));
        }
        List<ExecuteStatement> executes = session.executes(text);
        assertThat(executes).hasSize(5);
        assertThat(executes).extracting(e -> session.outcome(e.getStatement()).getCommandTag())
                .containsOnly("INSERT 0 1");
        try (Connection direct = harness.connectDirectly(); Statement s = direct.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM batch_t")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(5);
        }
    }

    @Test
    void fetchSizePagingRecordsEachSuspendedExecuteAndItsRows() throws Exception {
        String sql = "SELECT g FROM generate_series(1, 35) g";
        try (Connection c = connect("paging")) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(10);
                int seen = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        seen++;
                    }
                }
                assertThat(seen).isEqualTo(35);
            }
            c.commit();
        }

        RecordedSession session = RecordedSession.await(auditDir, "paging");
        List<ExecuteStatement> executes = session.executes(sql);
        assertThat(executes).hasSize(4);
        assertThat(executes).extracting(ExecuteStatement::getMaxRows).containsOnly(10);
        assertThat(executes).extracting(ExecuteStatement::getPortal).doesNotContain("").containsOnly(
                executes.get(0).getPortal());
        List<StatementOutcome> outcomes = executes.stream().map(e -> session.outcome(e.getStatement())).toList();
        assertThat(outcomes).extracting(StatementOutcome::getKind).containsExactly(OutcomeKind.SUSPENDED,
                OutcomeKind.SUSPENDED, OutcomeKind.SUSPENDED, OutcomeKind.COMPLETED);
        assertThat(outcomes).extracting(StatementOutcome::getRows).containsExactly(10L, 10L, 10L, 5L);
        for (int page = 0; page < 4; page++) {
            ResultSummary result = session.result(executes.get(page).getStatement());
            assertThat(result.getRows()).isEqualTo(page < 3 ? 10 : 5);
            assertThat(result.getDigest()).isNotNull();
            // sampleRows: 3 in this gateway's configuration
            assertThat(result.getSample()).hasSize(3);
            assertThat(result.getSampleTruncated()).isTrue();
            assertThat(RecordedSession.text(result.getSample().get(0).getValues().get(0)))
                    .isEqualTo(Integer.toString(page * 10 + 1));
        }
    }

    @Test
    void copyInAndOutAreRecordedWithTheirDataDigestAndFirstLines() throws Exception {
        String data = "1\tone\n2\ttwo\n3\tthree\n";
        String copyIn = "COPY copy_t (id, name) FROM STDIN";
        String copyOut = "COPY (SELECT id, name FROM copy_t ORDER BY id) TO STDOUT (FORMAT csv)";
        StringWriter out = new StringWriter();
        try (Connection c = connect("copy")) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            assertThat(copy.copyIn(copyIn, new StringReader(data))).isEqualTo(3);
            assertThat(copy.copyOut(copyOut, out)).isEqualTo(3);
        }
        assertThat(out.toString()).isEqualTo("1,one\n2,two\n3,three\n");

        RecordedSession session = RecordedSession.await(auditDir, "copy");
        List<CopySummary> copies = session.all(CopySummary.class);
        assertThat(copies).hasSize(2);
        CopySummary in = copies.get(0);
        assertThat(in.getStatement()).isEqualTo(session.query(copyIn).getStatement());
        assertThat(in.getDirection()).isEqualTo(CopyDirection.IN);
        assertThat(in.getBinary()).isFalse();
        assertThat(in.getBytes()).isEqualTo(data.length());
        assertThat(in.getDigest().bytes())
                .isEqualTo(RecordedSession.sha256(List.of(data.getBytes(StandardCharsets.UTF_8))));
        assertThat(in.getFirstLines()).containsExactly("1\tone", "2\ttwo", "3\tthree");
        assertThat(session.outcome(in.getStatement()).getCommandTag()).isEqualTo("COPY 3");
        CopySummary outgoing = copies.get(1);
        assertThat(outgoing.getStatement()).isEqualTo(session.query(copyOut).getStatement());
        assertThat(outgoing.getDirection()).isEqualTo(CopyDirection.OUT);
        assertThat(outgoing.getMessages()).isEqualTo(3);
        assertThat(outgoing.getDigest().bytes()).isEqualTo(RecordedSession.sha256(List.of(out.toString()
                .getBytes(StandardCharsets.UTF_8))));
        assertThat(outgoing.getFirstLines()).containsExactly("1,one", "2,two", "3,three");
        assertThat(session.outcome(outgoing.getStatement()).getCommandTag()).isEqualTo("COPY 3");
    }

    @Test
    void binaryCopyBothWaysIsRecordedWithItsDigestAndFirstBytes() throws Exception {
        String copyOut = "COPY (SELECT id, name FROM items ORDER BY id) TO STDOUT (FORMAT binary)";
        String copyIn = "COPY copy_bin FROM STDIN (FORMAT binary)";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Connection c = connect("copy-binary"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE copy_bin (id int, name text)");
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            assertThat(copy.copyOut(copyOut, out)).isEqualTo(3);
            assertThat(copy.copyIn(copyIn, new java.io.ByteArrayInputStream(out.toByteArray()))).isEqualTo(3);
        }
        byte[] data = out.toByteArray();
        byte[] signature = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Arrays.copyOf(data, signature.length)).isEqualTo(signature);

        RecordedSession session = RecordedSession.await(auditDir, "copy-binary");
        List<CopySummary> copies = session.all(CopySummary.class);
        assertThat(copies).extracting(CopySummary::getDirection).containsExactly(CopyDirection.OUT, CopyDirection.IN);
        assertThat(copies.get(0).getStatement()).isEqualTo(session.query(copyOut).getStatement());
        assertThat(copies.get(1).getStatement()).isEqualTo(session.query(copyIn).getStatement());
        for (CopySummary copy : copies) {
            assertThat(copy.getBinary()).isTrue();
            assertThat(copy.getBytes()).isEqualTo(data.length);
            assertThat(copy.getDigest().bytes()).isEqualTo(RecordedSession.sha256(List.of(data)));
            assertThat(copy.getFirstLines()).as("binary data has no lines").isEmpty();
            byte[] first = new byte[copy.getFirstBytes().remaining()];
            copy.getFirstBytes().duplicate().get(first);
            assertThat(first).isEqualTo(data);
            assertThat(session.outcome(copy.getStatement()).getCommandTag()).isEqualTo("COPY 3");
        }
    }

    /**
     * libpq's PQexecParams and tokio-postgres send Sync right behind a COPY's Execute, before they know it is a
     * COPY; PostgreSQL ignores that Sync in COPY mode and answers only the one after CopyDone. The records of the
     * COPY and of what follows it stay paired with the right statements.
     */
    @Test
    void anExtendedCopyWithASyncBehindItsExecuteIsRecordedAndWhatFollowsToo() throws Exception {
        String copy = "COPY copy_ext (id, name) FROM STDIN";
        String data = "1\tone\n2\ttwo\n";
        try (RawPgClient raw = RawPgClient.connect(harness.port())) {
            raw.login(Map.of("user", harness.writerRole(), "database", harness.target(),
                    "application_name", "copy-extended"), harness.token("raw@example.com", "writers"));
            raw.simpleQuery("CREATE TABLE copy_ext (id int, name text)");
            raw.send(RawPgClient.extendedQuery(copy));
            StringBuilder tags = new StringBuilder();
            RawPgClient.Message message;
            do {
                message = raw.read();
                tags.append(message.tag());
            } while (message.tag() != 'G');
            assertThat(tags.toString()).isEqualTo("12nG");
            raw.send(RawPgClient.concat(RawPgClient.message('d', data.getBytes(StandardCharsets.UTF_8)),
                    RawPgClient.message('c', new byte[0]), RawPgClient.sync()));
            assertThat(raw.readResponse().messages()).extracting(RawPgClient.Message::tag).containsExactly('C', 'Z');
            RawPgClient.Response after = raw.simpleQuery("SELECT count(*) FROM copy_ext");
            assertThat(after.errors()).isEmpty();
        }

        RecordedSession session = RecordedSession.await(auditDir, "copy-extended");
        ExecuteStatement execute = session.executes(copy).get(0);
        CopySummary summary = session.only(CopySummary.class);
        assertThat(summary.getStatement()).isEqualTo(execute.getStatement());
        assertThat(summary.getBytes()).isEqualTo(data.length());
        assertThat(summary.getFirstLines()).containsExactly("1\tone", "2\ttwo");
        assertThat(session.outcome(execute.getStatement()).getCommandTag()).isEqualTo("COPY 2");
        QueryStatement count = session.query("SELECT count(*) FROM copy_ext");
        assertThat(session.outcome(count.getStatement()).getCommandTag()).isEqualTo("SELECT 1");
        assertThat(RecordedSession.rows(session.result(count.getStatement()))).containsExactly(List.of("2"));
    }

    @Test
    void eachStatementOfAMultiStatementQueryIsRecordedWithItsOwnOutcome() throws Exception {
        try (Connection c = connect("multi", "preferQueryMode", "simple"); Statement s = c.createStatement()) {
            s.execute("INSERT INTO multi_t VALUES (1), (2); UPDATE multi_t SET v = v * 10;"
                    + " SELECT v FROM multi_t ORDER BY v");
            assertThat(s.getUpdateCount()).isEqualTo(2);
            assertThat(s.getMoreResults()).isFalse();
            assertThat(s.getUpdateCount()).isEqualTo(2);
            assertThat(s.getMoreResults()).isTrue();
        }

        RecordedSession session = RecordedSession.await(auditDir, "multi");
        List<QueryStatement> parts = session.all(QueryStatement.class);
        assertThat(parts).extracting(QueryStatement::getText).containsExactly("INSERT INTO multi_t VALUES (1), (2)",
                "UPDATE multi_t SET v = v * 10", "SELECT v FROM multi_t ORDER BY v");
        assertThat(parts).extracting(QueryStatement::getPart).containsExactly(1, 2, 3);
        assertThat(parts).extracting(QueryStatement::getParts).containsOnly(3);
        assertThat(parts).extracting(p -> session.outcome(p.getStatement()).getCommandTag())
                .containsExactly("INSERT 0 2", "UPDATE 2", "SELECT 2");
        assertThat(session.hasResult(parts.get(0).getStatement())).isFalse();
        assertThat(RecordedSession.rows(session.result(parts.get(2).getStatement())))
                .containsExactly(List.of("10"), List.of("20"));
    }

    @Test
    void errorsInsideATransactionAreRecordedAndTheTransactionRollsBack() throws Exception {
        for (String mode : List.of("simple", "extended")) {
            String name = "tx-" + mode;
            try (Connection c = connect(name, "preferQueryMode", mode); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.executeUpdate("INSERT INTO tx_t VALUES (1)");
                assertThatThrownBy(() -> s.executeQuery("SELECT 1 / (SELECT count(*) - 1 FROM tx_t)"))
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22012"));
                assertThatThrownBy(() -> s.executeQuery("SELECT 2"))
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25P02"));
                c.rollback();
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM tx_t")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isZero();
                }
                c.commit();
            }

            RecordedSession session = RecordedSession.await(auditDir, name);
            List<StatementOutcome> outcomes = session.all(StatementOutcome.class);
            assertThat(outcomes).as(session.timeline()).extracting(StatementOutcome::getKind,
                    StatementOutcome::getCommandTag, StatementOutcome::getSqlState).containsExactly(
                    tuple(OutcomeKind.COMPLETED, "BEGIN", null),
                    tuple(OutcomeKind.COMPLETED, "INSERT 0 1", null),
                    tuple(OutcomeKind.FAILED, null, "22012"),
                    tuple(OutcomeKind.FAILED, null, "25P02"),
                    tuple(OutcomeKind.COMPLETED, "ROLLBACK", null),
                    tuple(OutcomeKind.COMPLETED, "BEGIN", null),
                    tuple(OutcomeKind.COMPLETED, "SELECT 1", null),
                    tuple(OutcomeKind.COMPLETED, "COMMIT", null));
            assertThat(outcomes.get(2).getMessage()).isEqualTo("division by zero");
            assertThat(session.only(SessionEnded.class).getFailedStatements()).isEqualTo(2);
        }
    }

    @Test
    void errorsReportedForAParseOrABindAreRecordedAsTheirOutcome() throws Exception {
        String bindText = "SELECT name FROM items WHERE id = $1";
        try (Connection c = connect("parse-bind-errors"); Statement s = c.createStatement();
                PreparedStatement ps = c.prepareStatement("SELECT name FROM items WHERE id = ?")) {
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM no_such_table"))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42P01"));
            ps.setObject(1, "not a number", Types.OTHER);
            assertThatThrownBy(ps::executeQuery)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22P02"));
        }

        RecordedSession session = RecordedSession.await(auditDir, "parse-bind-errors");
        ParseStatement parse = session.parses("SELECT * FROM no_such_table").get(0);
        StatementOutcome parseOutcome = session.outcome(parse.getStatement());
        assertThat(parseOutcome.getKind()).isEqualTo(OutcomeKind.FAILED);
        assertThat(parseOutcome.getSqlState()).isEqualTo("42P01");
        assertThat(parseOutcome.getMessage()).contains("no_such_table");
        BindStatement bind = session.binds(bindText).get(0);
        assertThat(bind.getParameters()).extracting(RecordedSession::text).containsExactly("not a number");
        StatementOutcome bindOutcome = session.outcome(bind.getStatement());
        assertThat(bindOutcome.getKind()).isEqualTo(OutcomeKind.FAILED);
        assertThat(bindOutcome.getSqlState()).isEqualTo("22P02");
        // The server skipped the Executes after the errors: nothing ran, so they have no outcome of their own.
        assertThat(session.all(StatementOutcome.class)).hasSize(2);
        assertThat(session.only(SessionEnded.class).getFailedStatements()).isEqualTo(2);
    }

    @Test
    void noticesRaisedByAStatementAreRecorded() throws Exception {
        try (Connection c = connect("notices"); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN RAISE NOTICE 'checked % rows', 3; END $$");
            java.sql.SQLWarning warning = s.getWarnings();
            assertThat(warning.getMessage()).isEqualTo("checked 3 rows");
        }

        RecordedSession session = RecordedSession.await(auditDir, "notices");
        Notice notice = session.only(Notice.class);
        assertThat(notice.getSeverity()).isEqualTo("NOTICE");
        assertThat(notice.getSqlState()).isEqualTo("00000");
        assertThat(notice.getMessage()).isEqualTo("checked 3 rows");
        ExecuteStatement execute = session.executes("DO $$ BEGIN RAISE NOTICE 'checked % rows', 3; END $$").get(0);
        assertThat(session.outcome(execute.getStatement()).getCommandTag()).isEqualTo("DO");
    }

    @Test
    void notificationsDeliveredToAListenerAreRecordedInItsSession() throws Exception {
        int notifierPid;
        try (Connection listener = connect("listener"); Connection notifier = connect("notifier");
                Statement ls = listener.createStatement(); Statement ns = notifier.createStatement()) {
            ls.execute("LISTEN audit_channel");
            try (ResultSet rs = ns.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                notifierPid = rs.getInt(1);
            }
            ns.execute("NOTIFY audit_channel, 'payload 1'");
            ls.executeQuery("SELECT 1").close();
            PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(5000);
            assertThat(received).extracting(PGNotification::getName, PGNotification::getParameter)
                    .containsExactly(tuple("audit_channel", "payload 1"));
        }

        RecordedSession session = RecordedSession.await(auditDir, "listener");
        Notification notification = session.only(Notification.class);
        assertThat(notification.getChannel()).isEqualTo("audit_channel");
        assertThat(notification.getPayload()).isEqualTo("payload 1");
        assertThat(notification.getProcessId()).isEqualTo(notifierPid);
        assertThat(RecordedSession.await(auditDir, "notifier").all(Notification.class)).isEmpty();
    }

    @Test
    void aRefusedFunctionCallIsRecordedWithItsRefusal() throws Exception {
        try (RawPgClient raw = RawPgClient.connect(harness.port())) {
            raw.login(Map.of("user", harness.writerRole(), "database", harness.target(),
                    "application_name", "function-call"), harness.token("raw@example.com", "writers"));
            // FunctionCall of pg_backend_pid() (OID 2026): no argument formats, no arguments, a text result.
            raw.send(RawPgClient.message('F', java.nio.ByteBuffer.allocate(10).putInt(2026).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).array()));
            RawPgClient.Response response = raw.readResponse();
            assertThat(response.errors()).singleElement()
                    .satisfies(e -> assertThat(e.sqlState()).isEqualTo("0A000"));
            assertThat(raw.simpleQuery("SELECT 1").errors()).as("the session goes on").isEmpty();
        }

        RecordedSession session = RecordedSession.await(auditDir, "function-call");
        QueryStatement call = session.query("<FunctionCall message: function OID 2026>");
        PolicyDecision decision = session.all(PolicyDecision.class).get(0);
        assertThat(decision.getStatement()).isEqualTo(call.getStatement());
        assertThat(decision.getAllowed()).isFalse();
        assertThat(decision.getRule()).isEqualTo("gateway:function-call");
        StatementOutcome outcome = session.outcome(call.getStatement());
        assertThat(outcome.getKind()).isEqualTo(OutcomeKind.FAILED);
        assertThat(outcome.getSqlState()).isEqualTo("0A000");
    }
}
