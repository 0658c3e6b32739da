package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.schema.BindStatement;
import io.hoopgw.audit.schema.CaptureMode;
import io.hoopgw.audit.schema.Column;
import io.hoopgw.audit.schema.CopyDirection;
import io.hoopgw.audit.schema.CopySummary;
import io.hoopgw.audit.schema.ExecuteStatement;
import io.hoopgw.audit.schema.QueryStatement;
import io.hoopgw.audit.schema.ResultSummary;
import io.hoopgw.audit.schema.SessionEnded;
import io.hoopgw.audit.verify.AuditVerifier;
import io.hoopgw.audit.verify.Report;
import io.hoopgw.server.testing.GatewayHarness;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * What {@code results: none} and {@code results: digest} keep of what a client received, through gateways so
 * configured: the counts always, the SHA-256 digest only with {@code digest}, and never the rows themselves (the
 * first rows of a result, the first lines of a COPY), which only {@code results: rows} keeps (see
 * {@link SessionRecordingIT}). What the client sent (statements, parameter values) is recorded in every mode.
 * And the default limits of {@code results: rows}: the first 100 rows, or 256 KiB, of each result and COPY.
 */
class ResultModesIT {
    private static final String SELECT = "SELECT id, name FROM modes_t ORDER BY id";
    private static final String DATA = "1\tone\n2\ttwo\n3\t\\N\n";

    @TempDir
    static Path keys;

    private static JWK key;
    private static final Map<String, GatewayHarness> gateways = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        key = AuditKeys.generate(AuditKeys.Algorithm.ED25519);
        Path keyFile = keys.resolve("audit.jwk");
        AuditKeys.write(key, keyFile, keys.resolve("audit.pub.jwk"));
        for (String mode : List.of("none", "digest", "rows")) {
            // results: rows with the default limits, which are what it is here to show.
            GatewayHarness harness = GatewayHarness.builder().section("""
                    audit:
                      directory: %state%/audit
                      signingKey: {file: KEY}
                    """.replace("KEY", keyFile.toString())
                    + (mode.equals("rows") ? "" : "  results: " + mode + "\n")).start();
            gateways.put(mode, harness);
            try (Connection c = harness.connectAsWriter(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE modes_t (id int, name text)");
                s.execute("CREATE TABLE modes_in (id int, name text)");
                s.execute("INSERT INTO modes_t VALUES (1, 'one'), (2, 'two'), (3, NULL)");
                s.execute("CREATE TABLE wide_in (line text)");
            }
        }
    }

    @AfterAll
    static void closeAndVerify() throws Exception {
        for (GatewayHarness harness : gateways.values()) {
            harness.gateway().close();
            Report report = AuditVerifier.verify(harness.stateDir().resolve("audit"), key.toPublicJWK());
            assertThat(report.ok()).as(report.render()).isTrue();
            harness.close();
        }
    }

    static Stream<String> modes() {
        return Stream.of("none", "digest");
    }

    private static Connection connect(String mode, String applicationName, String... settings)
            throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", applicationName);
        properties.setProperty("assumeMinServerVersion", "10");
        for (int i = 0; i < settings.length; i += 2) {
            properties.setProperty(settings[i], settings[i + 1]);
        }
        return gateways.get(mode).connectAsWriter(properties);
    }

    private static RecordedSession session(String mode, String applicationName) {
        return RecordedSession.await(gateways.get(mode).stateDir().resolve("audit"), applicationName);
    }

    private static CaptureMode captureMode(String mode) {
        return CaptureMode.valueOf(mode.toUpperCase(Locale.ROOT));
    }

    @ParameterizedTest(name = "results: {0}")
    @MethodSource("modes")
    void aResultKeepsItsCountsAndTheDigestOnlyWhenAskedButNeverItsRows(String mode) throws Exception {
        String app = "modes-simple-" + mode;
        try (Connection c = connect(mode, app, "preferQueryMode", "simple"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(SELECT)) {
            int rows = 0;
            while (rs.next()) {
                rows++;
            }
            assertThat(rows).isEqualTo(3);
        }

        RecordedSession session = session(mode, app);
        QueryStatement query = session.query(SELECT);
        ResultSummary result = session.result(query.getStatement());
        assertThat(result.getMode()).isEqualTo(captureMode(mode));
        assertThat(result.getColumns()).extracting(Column::getName).containsExactly("id", "name");
        assertThat(result.getRows()).isEqualTo(3);
        List<byte[]> dataRows = List.of(RecordedSession.dataRow("1", "one"), RecordedSession.dataRow("2", "two"),
                RecordedSession.dataRow("3", null));
        assertThat(result.getBytes()).isEqualTo(dataRows.stream().mapToInt(r -> r.length).sum());
        assertThat(result.getSample()).as("no row is kept").isEmpty();
        if (mode.equals("digest")) {
            assertThat(result.getDigest().bytes()).isEqualTo(RecordedSession.sha256(dataRows));
        } else {
            assertThat(result.getDigest()).isNull();
        }
        assertThat(session.only(SessionEnded.class).getRows()).isEqualTo(3);
        String timeline = session.timeline();
        assertThat(timeline).contains("] RESULT 3 rows, " + result.getBytes() + " bytes").doesNotContain("row:")
                .doesNotContain("'one'");
        assertThat(timeline.contains("sha256 " + HexFormat.of().formatHex(RecordedSession.sha256(dataRows))))
                .isEqualTo(mode.equals("digest"));
    }

    @ParameterizedTest(name = "results: {0}")
    @MethodSource("modes")
    void parameterValuesAreRecordedWhateverIsKeptOfResults(String mode) throws Exception {
        String app = "modes-extended-" + mode;
        String sql = "SELECT name FROM modes_t WHERE id = ?";
        try (Connection c = connect(mode, app, "prepareThreshold", "1");
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int id = 1; id <= 2; id++) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
            }
        }

        RecordedSession session = session(mode, app);
        String text = "SELECT name FROM modes_t WHERE id = $1";
        assertThat(session.binds(text)).extracting(b -> RecordedSession.text(b.getParameters().get(0)))
                .containsExactly("1", "2");
        List<ExecuteStatement> executes = session.executes(text);
        assertThat(executes).hasSize(2);
        for (ExecuteStatement execute : executes) {
            ResultSummary result = session.result(execute.getStatement());
            assertThat(result.getMode()).isEqualTo(captureMode(mode));
            assertThat(result.getRows()).isEqualTo(1);
            assertThat(result.getSample()).isEmpty();
            assertThat(result.getDigest() != null).isEqualTo(mode.equals("digest"));
        }
        assertThat(session.all(BindStatement.class)).isNotEmpty();
    }

    @ParameterizedTest(name = "results: {0}")
    @MethodSource("modes")
    void copyBothWaysKeepsItsCountsAndTheDigestOnlyWhenAskedButNeverItsLines(String mode) throws Exception {
        String app = "modes-copy-" + mode;
        String copyIn = "COPY modes_in (id, name) FROM STDIN";
        String copyOut = "COPY (SELECT id, name FROM modes_t ORDER BY id) TO STDOUT";
        StringWriter out = new StringWriter();
        try (Connection c = connect(mode, app)) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            assertThat(copy.copyIn(copyIn, new StringReader(DATA))).isEqualTo(3);
            assertThat(copy.copyOut(copyOut, out)).isEqualTo(3);
        }
        assertThat(out.toString()).isEqualTo(DATA);

        RecordedSession session = session(mode, app);
        List<CopySummary> copies = session.all(CopySummary.class);
        assertThat(copies).extracting(CopySummary::getDirection).containsExactly(CopyDirection.IN, CopyDirection.OUT);
        assertThat(copies.get(0).getStatement()).isEqualTo(session.query(copyIn).getStatement());
        assertThat(copies.get(1).getStatement()).isEqualTo(session.query(copyOut).getStatement());
        byte[] digest = RecordedSession.sha256(List.of(DATA.getBytes(StandardCharsets.UTF_8)));
        for (CopySummary copy : copies) {
            assertThat(copy.getMode()).isEqualTo(captureMode(mode));
            assertThat(copy.getBytes()).isEqualTo(DATA.length());
            assertThat(copy.getFirstLines()).as("no line is kept").isEmpty();
            assertThat(copy.getFirstBytes()).isNull();
            if (mode.equals("digest")) {
                assertThat(copy.getDigest().bytes()).isEqualTo(digest);
            } else {
                assertThat(copy.getDigest()).isNull();
            }
        }
        assertThat(copies.get(1).getMessages()).isEqualTo(3);
        assertThat(session.timeline()).doesNotContain("first lines").doesNotContain("two");
    }

    @Test
    void byDefaultTheFirst100RowsOrTheFirst256KiBOfAResultAreKept() throws Exception {
        String narrow = "SELECT g FROM generate_series(1, 150) g";
        String wide = "SELECT repeat('x', 10000) FROM generate_series(1, 40)";
        try (Connection c = connect("rows", "modes-default-limits", "preferQueryMode", "simple");
                Statement s = c.createStatement()) {
            s.executeQuery(narrow).close();
            s.executeQuery(wide).close();
        }

        RecordedSession session = session("rows", "modes-default-limits");
        ResultSummary many = session.result(session.query(narrow).getStatement());
        assertThat(many.getRows()).isEqualTo(150);
        assertThat(many.getSample()).hasSize(100);
        assertThat(RecordedSession.rows(many).get(99)).containsExactly("100");
        assertThat(many.getSampleTruncated()).isTrue();
        ResultSummary large = session.result(session.query(wide).getStatement());
        assertThat(large.getRows()).isEqualTo(40);
        // Each DataRow is 10,011 bytes (tag, length, column count, value length, value): 26 fit in 256 KiB.
        assertThat(large.getBytes()).isEqualTo(40 * 10_011L);
        assertThat(large.getSample()).hasSize(262_144 / 10_011);
        assertThat(large.getSampleTruncated()).isTrue();
    }

    @Test
    void byDefaultTheFirst256KiBOfACopyAreKeptAsWholeLines() throws Exception {
        String line = "y".repeat(10_000);
        String data = (line + "\n").repeat(40);
        StringWriter out = new StringWriter();
        try (Connection c = connect("rows", "modes-default-copy")) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            assertThat(copy.copyIn("COPY wide_in FROM STDIN", new StringReader(data))).isEqualTo(40);
            assertThat(copy.copyOut("COPY wide_in TO STDOUT", out)).isEqualTo(40);
        }
        assertThat(out.toString()).isEqualTo(data);

        RecordedSession session = session("rows", "modes-default-copy");
        List<CopySummary> copies = session.all(CopySummary.class);
        assertThat(copies).hasSize(2);
        for (CopySummary copy : copies) {
            assertThat(copy.getBytes()).isEqualTo(data.length());
            assertThat(copy.getDigest().bytes()).isEqualTo(RecordedSession.sha256(List.of(
                    data.getBytes(StandardCharsets.UTF_8))));
            // 26 lines of 10,001 bytes fit in 256 KiB; the 27th, cut, is not kept.
            assertThat(copy.getFirstLines()).as(copy.getDirection().toString()).hasSize(262_144 / 10_001)
                    .containsOnly(line);
            assertThat(copy.getSampleTruncated()).isTrue();
        }
    }
}
