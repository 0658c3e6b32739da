package io.hoopgw.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.AuditKeys;
import io.hoopgw.audit.read.AuditReader;
import io.hoopgw.audit.read.ReadProblem;
import io.hoopgw.audit.schema.BindStatement;
import io.hoopgw.audit.schema.QueryStatement;
import io.hoopgw.audit.verify.AuditVerifier;
import io.hoopgw.audit.verify.Finding;
import io.hoopgw.audit.verify.Report;
import io.hoopgw.server.testing.GatewayHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable before forwarded, shown the hard way: a gateway process is killed with SIGKILL while four pgjdbc
 * clients write through it, and every statement PostgreSQL executed has a record on disk.
 *
 * <p>PostgreSQL's own account of what it executed is its statement log: the gateway's upstream role gets
 * {@code log_statement = 'all'}, and the server log (the file {@code LocalPostgres} writes it to) lists every
 * simple-protocol statement and every Execute with its parameters, written before the statement runs. The rows
 * the table holds afterwards are a second account (what committed). Both must be contained in the statements the
 * audit directory records. The crashed directory verifies with at most its tail unsealed (and a torn last block);
 * a gateway restarted on it continues the chain, and once stopped cleanly it seals everything.
 */
@Timeout(value = 45, unit = TimeUnit.SECONDS)
class GatewayCrashIT {
    private static final String TABLE = "crash_ledger";
    private static final String SIMPLE = "INSERT INTO " + TABLE + " (worker, n) VALUES (%d, %d)";
    private static final String PREPARED = "INSERT INTO " + TABLE + " (worker, n) VALUES (?, ?)";
    private static final String PREPARED_TEXT = "INSERT INTO " + TABLE + " (worker, n) VALUES ($1, $2)";
    private static final Pattern SIMPLE_TEXT = Pattern.compile(
            "INSERT INTO " + TABLE + " \\(worker, n\\) VALUES \\((\\d+), (\\d+)\\)");
    private static final Pattern LOGGED_SIMPLE = Pattern.compile("statement: " + SIMPLE_TEXT.pattern());
    /** An Execute, and on the next line (the same log message) its parameters, "Parameters:" since PostgreSQL 13. */
    private static final Pattern LOGGED_EXECUTE = Pattern.compile("execute [^:\\n]*: " + Pattern.quote(PREPARED_TEXT)
            + "\\s*\\n[^\\n]*DETAIL:\\s+[Pp]arameters: \\$1 = '(\\d+)', \\$2 = '(\\d+)'");
    private static final int WORKERS = 4;
    private static final Duration LOAD = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @Test
    void everyStatementPostgresExecutedHasADurableRecordAfterTheGatewayIsKilled() throws Exception {
        JWK key = AuditKeys.generate(AuditKeys.Algorithm.ED25519);
        Path keyFile = dir.resolve("audit.jwk");
        AuditKeys.write(key, keyFile, dir.resolve("audit.pub.jwk"));
        Path auditDir = dir.resolve("audit");
        Path stateDir = Files.createDirectories(dir.resolve("state"));

        try (GatewayHarness harness = GatewayHarness.start()) {
            String role = harness.writerRole();
            harness.postgres().execute(harness.target(), "CREATE TABLE " + TABLE
                    + " (worker int, n int, PRIMARY KEY (worker, n)); ALTER TABLE " + TABLE + " OWNER TO " + role);
            harness.postgres().execute("postgres", "ALTER ROLE " + role + " SET log_statement = 'all'");
            Optional<Path> serverLog = harness.postgres().logFile();
            long logStart = serverLog.isPresent() ? Files.size(serverLog.get()) : 0;
            Path config = Files.writeString(dir.resolve("gateway.yaml"), harness.configuration() + """
                    audit:
                      directory: %s
                      instance: crash-it
                      signingKey: {file: %s}
                      checkpointRecords: 100
                    """.formatted(auditDir, keyFile));

            List<Worker> workers = new ArrayList<>();
            try (GatewayProcess first = GatewayProcess.start(config, stateDir, "first-run")) {
                for (int w = 1; w <= WORKERS; w++) {
                    workers.add(new Worker(w, w % 2 == 1, url(harness, first.port()), harness));
                }
                ExecutorService threads = Executors.newFixedThreadPool(WORKERS);
                List<Future<SQLException>> ends = new ArrayList<>();
                for (Worker worker : workers) {
                    ends.add(threads.submit(worker));
                }
                long deadline = System.nanoTime() + LOAD.toNanos();
                while (System.nanoTime() < deadline && workers.stream().mapToInt(w -> w.acknowledged.get()).sum()
                        < 2000) {
                    Thread.sleep(20);
                }
                first.kill();
                threads.shutdown();
                for (int i = 0; i < WORKERS; i++) {
                    SQLException end = ends.get(i).get(15, TimeUnit.SECONDS);
                    assertThat((Throwable) end).as("worker %d was still writing when the gateway died", i + 1)
                            .isNotNull();
                }
                assertThat(workers).allSatisfy(w -> assertThat(w.acknowledged.get()).isPositive());
            }

            Report crashed = AuditVerifier.verify(auditDir, key.toPublicJWK());
            assertThat(crashed.ok()).as(crashed.render()).isTrue();
            assertThat(crashed.findings()).as(crashed.render()).extracting(Finding::kind)
                    .contains(Finding.Kind.UNSEALED)
                    .isSubsetOf(Finding.Kind.UNSEALED, Finding.Kind.TORN_TAIL, Finding.Kind.FOREIGN_FILE);

            // Restarted on the same directory, the gateway recovers the chain and records on.
            try (GatewayProcess second = GatewayProcess.start(config, stateDir, "second-run")) {
                Worker after = new Worker(WORKERS + 1, true, url(harness, second.port()), harness);
                after.insert(10);
                second.stop();
            }
            Report restarted = AuditVerifier.verify(auditDir, key.toPublicJWK());
            assertThat(restarted.ok()).as(restarted.render()).isTrue();
            assertThat(restarted.unsealed()).as(restarted.render()).isZero();
            assertThat(restarted.verified()).isEqualTo(restarted.records());

            Set<String> recorded = recorded(auditDir);
            Set<String> committed = committed(harness);
            for (Worker worker : workers) {
                // What a client was told had committed did commit.
                assertThat(committed).containsAll(worker.acknowledgedKeys());
            }
            assertThat(committed).contains(key(WORKERS + 1, 1), key(WORKERS + 1, 10));
            assertThat(recorded).as("every committed row was recorded").containsAll(committed);
            if (serverLog.isPresent()) {
                Set<String> executed = executed(serverLog.get(), logStart);
                assertThat(executed).as("PostgreSQL's log lists what committed; it ends:\n%s",
                        tail(serverLog.get())).containsAll(committed);
                assertThat(recorded).as("every statement PostgreSQL's log says it executed was recorded")
                        .containsAll(executed);
                // What the kill caught in flight, for the reader of the test log: statements PostgreSQL ran in
                // transactions that never committed, and records of statements the gateway never got to forward.
                Set<String> uncommitted = new TreeSet<>(executed);
                uncommitted.removeAll(committed);
                Set<String> unforwarded = new TreeSet<>(recorded);
                unforwarded.removeAll(executed);
                System.out.printf("crash left: %d committed, %d executed (uncommitted: %s), %d recorded (not run: %s),"
                        + " %d records unsealed%n", committed.size(), executed.size(), uncommitted, recorded.size(),
                        unforwarded, crashed.unsealed());
            }
            // else: a server in a container keeps its log to itself; the committed rows are the evidence left.
        }
    }

    private static String url(GatewayHarness harness, int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + harness.target() + "?sslmode=require";
    }

    private static String key(int worker, int n) {
        return worker + ":" + n;
    }

    /** The statements the audit directory records: simple INSERTs by their literals, prepared ones by Bind. */
    private static Set<String> recorded(Path auditDir) throws IOException {
        Set<String> keys = new TreeSet<>();
        List<ReadProblem> problems = new ArrayList<>();
        AuditReader.forEach(auditDir, entry -> {
            Object payload = entry.record().getPayload();
            if (payload instanceof QueryStatement query) {
                Matcher m = SIMPLE_TEXT.matcher(query.getText());
                if (m.matches()) {
                    keys.add(key(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
                }
            } else if (payload instanceof BindStatement bind && PREPARED_TEXT.equals(bind.getText())) {
                keys.add(key(Integer.parseInt(bind.getParameters().get(0).getText()),
                        Integer.parseInt(bind.getParameters().get(1).getText())));
            }
        }, problems::add);
        // The only damage a crash may leave is the block it interrupted, which nothing had been told was durable.
        assertThat(problems).allSatisfy(p -> assertThat(p.message()).contains("incomplete block"));
        return keys;
    }

    private static Set<String> committed(GatewayHarness harness) throws SQLException {
        Set<String> keys = new TreeSet<>();
        try (Connection c = harness.connectDirectly(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT worker, n FROM " + TABLE)) {
            while (rs.next()) {
                keys.add(key(rs.getInt(1), rs.getInt(2)));
            }
        }
        return keys;
    }

    /** The INSERTs PostgreSQL logged as executed since {@code from} (a byte offset into its log). */
    private static Set<String> executed(Path log, long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        String text = new String(Arrays.copyOfRange(all, (int) Math.min(from, all.length), all.length),
                StandardCharsets.UTF_8);
        Set<String> keys = new TreeSet<>();
        for (Pattern pattern : List.of(LOGGED_SIMPLE, LOGGED_EXECUTE)) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                keys.add(key(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
            }
        }
        return keys;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /**
     * One client writing rows {@code (worker, 1), (worker, 2), ...} until its connection fails: odd workers with
     * simple-protocol statements in autocommit, even ones with a server-prepared statement in transactions of five.
     */
    private static final class Worker implements java.util.concurrent.Callable<SQLException> {
        private final int worker;
        private final boolean simple;
        private final String url;
        private final Properties properties = new Properties();
        /** Rows whose commit the server acknowledged. */
        final AtomicInteger acknowledged = new AtomicInteger();

        Worker(int worker, boolean simple, String url, GatewayHarness harness) {
            this.worker = worker;
            this.simple = simple;
            this.url = url;
            properties.setProperty("user", harness.writerRole());
            properties.setProperty("password", harness.token("crash-worker-" + worker + "@example.com", "writers"));
            properties.setProperty("preferQueryMode", simple ? "simple" : "extended");
            properties.setProperty("prepareThreshold", "1");
            properties.setProperty("connectTimeout", "5");
            properties.setProperty("socketTimeout", "10");
        }

        /** Writes until the connection fails, and returns that failure. */
        @Override
        public SQLException call() {
            try {
                insert(Integer.MAX_VALUE);
                return null;
            } catch (SQLException e) {
                return e;
            }
        }

        /** Writes {@code rows} rows. */
        void insert(int rows) throws SQLException {
            try (Connection c = DriverManager.getConnection(url, properties);
                    Statement s = c.createStatement(); PreparedStatement ps = c.prepareStatement(PREPARED)) {
                c.setAutoCommit(simple);
                for (int n = 1; n <= rows; n++) {
                    if (simple) {
                        s.execute(SIMPLE.formatted(worker, n));
                        acknowledged.set(n);
                    } else {
                        ps.setInt(1, worker);
                        ps.setInt(2, n);
                        ps.executeUpdate();
                        if (n % 5 == 0 || n == rows) {
                            c.commit();
                            acknowledged.set(n);
                        }
                    }
                }
            }
        }

        List<String> acknowledgedKeys() {
            List<String> keys = new ArrayList<>();
            for (int n = 1; n <= acknowledged.get(); n++) {
                keys.add(key(worker, n));
            }
            return keys;
        }
    }
}
