package io.hoopgw.server.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.server.config.Secret;
import io.hoopgw.server.config.TargetConfig;
import io.hoopgw.server.config.TargetConfig.RoleConfig;
import io.hoopgw.server.config.TargetConfig.TargetTls;
import io.hoopgw.server.mask.ColumnCatalog.ColumnName;
import io.hoopgw.server.mask.ColumnCatalog.ColumnRef;
import io.hoopgw.server.postgres.LocalPostgres;
import io.hoopgw.server.testing.SharedPostgres;
import io.hoopgw.server.tls.UpstreamTlsMode;
import io.hoopgw.server.upstream.UpstreamAuthMethod;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The column catalog against a real PostgreSQL: names resolved from table OID and attribute number over the
 * catalog's own connection as an unprivileged role, one query per batch, renames and drops seen after
 * {@code invalidate}, and failures (unreachable, wrong password, refused login method, a catalog that does not
 * answer in time, a closed catalog) as failed futures.
 */
class PostgresColumnCatalogTest {
    private static final String DATABASE = "column_catalog_test";
    private static final String ROLE = "column_catalog_reader";
    private static final String PASSWORD = "column-catalog-reader-secret";

    private static LocalPostgres postgres;
    private final List<PostgresColumnCatalog> catalogs = new ArrayList<>();

    @BeforeAll
    static void createTables() {
        postgres = SharedPostgres.get();
        SharedPostgres.createDatabase(DATABASE);
        postgres.execute("postgres", "DROP ROLE IF EXISTS " + ROLE);
        // No privilege on any table: reading pg_attribute, pg_class and pg_namespace needs none.
        postgres.execute("postgres", "CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'");
        postgres.execute(DATABASE, """
                CREATE SCHEMA billing;
                CREATE TABLE billing.cards (id int PRIMARY KEY, holder text, pan text, expires date);
                CREATE TABLE public."Mixed Case" ("Card Number" text, plain text);
                CREATE VIEW public.card_view AS SELECT id, pan FROM billing.cards""");
    }

    @AfterEach
    void closeCatalogs() {
        catalogs.forEach(PostgresColumnCatalog::close);
    }

    private PostgresColumnCatalog catalog(TargetConfig... targets) {
        return catalog(Duration.ofMinutes(5), Duration.ofSeconds(5), targets);
    }

    private PostgresColumnCatalog catalog(Duration ttl, Duration timeout, TargetConfig... targets) {
        PostgresColumnCatalog catalog = PostgresColumnCatalog.create(List.of(targets), ttl, timeout);
        catalogs.add(catalog);
        return catalog;
    }

    private static TargetConfig target(String name, int port, String password, Set<UpstreamAuthMethod> auth) {
        Map<String, RoleConfig> roles = new LinkedHashMap<>();
        roles.put(ROLE, new RoleConfig(ROLE, Secret.of(password)));
        return new TargetConfig(name, postgres.host(), port, DATABASE, new TargetTls(UpstreamTlsMode.DISABLE, null),
                auth, null, roles);
    }

    private static TargetConfig target() {
        return target("orders", postgres.port(), PASSWORD, UpstreamAuthMethod.DEFAULT);
    }

    /** The column as RowDescription would identify it, read from the catalog directly as the superuser. */
    private static ColumnRef ref(String table, String column) throws SQLException {
        try (Connection connection = superuser(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT attrelid::bigint, attnum FROM pg_attribute WHERE"
                        + " attrelid = '" + table + "'::regclass AND attname = '" + column + "'")) {
            assertThat(rs.next()).as("%s.%s exists", table, column).isTrue();
            return new ColumnRef((int) rs.getLong(1), rs.getShort(2));
        }
    }

    private static Connection superuser() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(DATABASE), postgres.superuser(),
                postgres.superuserPassword());
    }

    private static Map<ColumnRef, ColumnName> get(CompletableFuture<Map<ColumnRef, ColumnName>> future)
            throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    /** The cause a failed look-up gives its caller. */
    private static Throwable failure(CompletableFuture<?> future) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> future.get(30, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void resolvesEveryColumnOfARowDescriptionWithOneQuery() throws Exception {
        PostgresColumnCatalog catalog = catalog(target());
        ColumnRef id = ref("billing.cards", "id");
        ColumnRef pan = ref("billing.cards", "pan");
        ColumnRef mixed = ref("public.\"Mixed Case\"", "Card Number");
        ColumnRef viewPan = ref("public.card_view", "pan");

        Map<ColumnRef, ColumnName> names = get(catalog.names("orders", Set.of(id, pan, mixed, viewPan)));

        assertThat(names).containsOnly(
                Map.entry(id, new ColumnName("billing", "cards", "id")),
                Map.entry(pan, new ColumnName("billing", "cards", "pan")),
                Map.entry(mixed, new ColumnName("public", "Mixed Case", "Card Number")),
                Map.entry(viewPan, new ColumnName("public", "card_view", "pan")));
        assertThat(catalog.queries("orders")).isEqualTo(1);

        assertThat(get(catalog.names("orders", Set.of(id, pan)))).containsOnlyKeys(id, pan);
        assertThat(catalog.queries("orders")).as("cached").isEqualTo(1);
        assertThat(get(catalog.names("orders", Set.of()))).isEmpty();
    }

    @Test
    void columnsThatDoNotExistAreLeftOut() throws Exception {
        PostgresColumnCatalog catalog = catalog(target());
        ColumnRef pan = ref("billing.cards", "pan");
        ColumnRef noSuchAttribute = new ColumnRef(pan.tableOid(), (short) 99);
        ColumnRef noSuchTable = new ColumnRef(-2, (short) 1);

        assertThat(get(catalog.names("orders", Set.of(pan, noSuchAttribute, noSuchTable)))).containsOnlyKeys(pan);
        // Unknown columns are not cached as unknown: asking again asks the database again.
        assertThat(get(catalog.names("orders", Set.of(noSuchAttribute)))).isEmpty();
        assertThat(catalog.queries("orders")).isEqualTo(2);
    }

    @Test
    void renamesAndDropsAreSeenAfterInvalidate() throws Exception {
        postgres.execute(DATABASE, "CREATE TABLE public.renamed (a text, b text, c text)");
        try {
            PostgresColumnCatalog catalog = catalog(target());
            ColumnRef b = ref("public.renamed", "b");
            ColumnRef c = ref("public.renamed", "c");
            assertThat(get(catalog.names("orders", Set.of(b, c)))).containsEntry(b,
                    new ColumnName("public", "renamed", "b"));

            postgres.execute(DATABASE, "ALTER TABLE public.renamed RENAME COLUMN b TO card;"
                    + " ALTER TABLE public.renamed DROP COLUMN c; ALTER TABLE public.renamed SET SCHEMA billing");
            assertThat(get(catalog.names("orders", Set.of(b, c)))).as("cached until invalidated")
                    .containsEntry(b, new ColumnName("public", "renamed", "b"));

            catalog.invalidate("orders");
            assertThat(get(catalog.names("orders", Set.of(b, c))))
                    .containsOnly(Map.entry(b, new ColumnName("billing", "renamed", "card")));
        } finally {
            postgres.execute(DATABASE, "DROP TABLE IF EXISTS public.renamed, billing.renamed");
        }
    }

    @Test
    void namesExpireAfterTheTtl() throws Exception {
        PostgresColumnCatalog catalog = catalog(Duration.ZERO, Duration.ofSeconds(5), target());
        ColumnRef pan = ref("billing.cards", "pan");

        get(catalog.names("orders", Set.of(pan)));
        get(catalog.names("orders", Set.of(pan)));

        assertThat(catalog.queries("orders")).isEqualTo(2);
    }

    @Test
    void eachTargetHasItsOwnCacheAndConnection() throws Exception {
        PostgresColumnCatalog catalog = catalog(target(), target("replica", postgres.port(), PASSWORD,
                UpstreamAuthMethod.DEFAULT));
        ColumnRef pan = ref("billing.cards", "pan");

        get(catalog.names("orders", Set.of(pan)));
        get(catalog.names("replica", Set.of(pan)));
        catalog.invalidate("replica");
        get(catalog.names("orders", Set.of(pan)));
        get(catalog.names("replica", Set.of(pan)));

        assertThat(catalog.queries("orders")).isEqualTo(1);
        assertThat(catalog.queries("replica")).isEqualTo(2);
        assertThat(failure(catalog.names("nowhere", Set.of(pan))))
                .isInstanceOf(CatalogLookupException.class)
                .hasMessage("column catalog of target 'nowhere': no such target");
    }

    @Test
    void concurrentCallersShareOneLookUpPerColumn() throws Exception {
        PostgresColumnCatalog catalog = catalog(target());
        ColumnRef id = ref("billing.cards", "id");
        ColumnRef holder = ref("billing.cards", "holder");
        ColumnRef pan = ref("billing.cards", "pan");
        ColumnRef expires = ref("billing.cards", "expires");
        List<Set<ColumnRef>> shapes = List.of(Set.of(id, pan), Set.of(holder, pan), Set.of(id, holder, pan, expires),
                Set.of(expires));
        List<CompletableFuture<Map<ColumnRef, ColumnName>>> calls = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < 8; t++) {
            int offset = t;
            Thread thread = new Thread(() -> {
                awaitQuietly(go);
                for (int i = 0; i < 50; i++) {
                    Set<ColumnRef> shape = shapes.get((offset + i) % shapes.size());
                    CompletableFuture<Map<ColumnRef, ColumnName>> call = catalog.names("orders", shape);
                    synchronized (calls) {
                        calls.add(call);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(30_000);
        }

        assertThat(calls).hasSize(400);
        Set<ColumnRef> answered = new HashSet<>();
        for (CompletableFuture<Map<ColumnRef, ColumnName>> call : calls) {
            Map<ColumnRef, ColumnName> names = get(call);
            names.values().forEach(name -> assertThat(name.table()).isEqualTo("cards"));
            answered.addAll(names.keySet());
        }
        assertThat(answered).containsExactlyInAnyOrder(id, holder, pan, expires);
        // Each column is looked up once, however many callers asked for it at the same time.
        assertThat(catalog.queries("orders")).isBetween(1L, 4L);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anUnreachableTargetFailsTheLookUp() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PostgresColumnCatalog catalog = catalog(target("down", closedPort, PASSWORD, UpstreamAuthMethod.DEFAULT));

        Throwable failure = failure(catalog.names("down", Set.of(new ColumnRef(16384, (short) 1))));

        assertThat(failure).isInstanceOf(CatalogLookupException.class)
                .hasMessageStartingWith("column catalog of target 'down': ")
                .hasCauseInstanceOf(SQLException.class);
        assertThat(((CatalogLookupException) failure).target()).isEqualTo("down");
    }

    @Test
    void aWrongPasswordFailsTheLookUpWithoutShowingIt() throws Exception {
        PostgresColumnCatalog catalog = catalog(target("orders", postgres.port(), "not-the-password",
                UpstreamAuthMethod.DEFAULT));

        Throwable failure = failure(catalog.names("orders", Set.of(ref("billing.cards", "pan"))));

        assertThat(failure).isInstanceOf(CatalogLookupException.class).hasMessageContaining("password")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void aLoginMethodTheTargetDoesNotAllowGetsNoPassword() throws Exception {
        PostgresColumnCatalog catalog = catalog(target("orders", postgres.port(), PASSWORD,
                Set.of(UpstreamAuthMethod.MD5)));

        Throwable failure = failure(catalog.names("orders", Set.of(ref("billing.cards", "pan"))));

        assertThat(failure).isInstanceOf(CatalogLookupException.class).hasMessage(
                "column catalog of target 'orders': upstream of target 'orders' asked for scram-sha-256"
                        + " authentication, which the target does not allow (auth: [md5])");
    }

    @Test
    void aCatalogThatDoesNotAnswerInTimeFailsAndRecovers() throws Exception {
        PostgresColumnCatalog catalog = catalog(Duration.ofMinutes(5), Duration.ofSeconds(1), target());
        ColumnRef pan = ref("billing.cards", "pan");
        ColumnRef holder = ref("billing.cards", "holder");
        get(catalog.names("orders", Set.of(pan)));

        try (Connection locker = superuser(); Statement statement = locker.createStatement()) {
            // Every catalog read of this database now waits for the lock.
            locker.setAutoCommit(false);
            statement.execute("LOCK TABLE pg_catalog.pg_attribute IN ACCESS EXCLUSIVE MODE");
            long start = System.nanoTime();

            Throwable failure = failure(catalog.names("orders", Set.of(holder)));

            assertThat(failure).isInstanceOf(CatalogLookupException.class)
                    .hasMessage("column catalog of target 'orders': no answer within 1000 ms");
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
            assertThat(get(catalog.names("orders", Set.of(pan)))).as("the cache still answers").containsKey(pan);
            locker.rollback();
        }
        // The look-up that timed out may still hold its connection until pgjdbc's socket timeout ends it, and a
        // caller asking for the same column meanwhile shares its failure; after that the connection is replaced.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Map<ColumnRef, ColumnName> names = Map.of();
        while (names.isEmpty() && System.nanoTime() < deadline) {
            try {
                names = get(catalog.names("orders", Set.of(holder)));
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(CatalogLookupException.class);
            }
        }
        assertThat(names).containsKey(holder);
    }

    @Test
    void aLookUpInFlightWhenTheTargetIsInvalidatedIsAnsweredButNotKept() throws Exception {
        PostgresColumnCatalog catalog = catalog(Duration.ofMinutes(5), Duration.ofSeconds(20), target());
        ColumnRef pan = ref("billing.cards", "pan");
        ColumnRef holder = ref("billing.cards", "holder");
        get(catalog.names("orders", Set.of(pan)));
        CompletableFuture<Map<ColumnRef, ColumnName>> inFlight;
        try (Connection locker = superuser(); Statement statement = locker.createStatement()) {
            locker.setAutoCommit(false);
            statement.execute("LOCK TABLE pg_catalog.pg_attribute IN ACCESS EXCLUSIVE MODE");
            inFlight = catalog.names("orders", Set.of(holder));
            awaitWaitingOnLock();
            catalog.invalidate("orders");
            locker.rollback();
        }

        assertThat(get(inFlight)).containsKey(holder);
        long before = catalog.queries("orders");
        assertThat(get(catalog.names("orders", Set.of(holder)))).containsKey(holder);
        assertThat(catalog.queries("orders")).as("looked up again").isEqualTo(before + 1);
    }

    /** Until the catalog's query waits for the lock held on pg_attribute. */
    private static void awaitWaitingOnLock() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        try (Connection observer = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.superuser(),
                postgres.superuserPassword()); Statement statement = observer.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = '"
                        + ROLE + "' AND wait_event_type = 'Lock'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the catalog query never waited for the lock");
    }

    @Test
    void aClosedCatalogRefusesLookUps() throws Exception {
        PostgresColumnCatalog catalog = catalog(target());
        ColumnRef pan = ref("billing.cards", "pan");
        get(catalog.names("orders", Set.of(pan)));

        catalog.close();
        catalog.close();

        assertThat(failure(catalog.names("orders", Set.of(pan)))).isInstanceOf(CatalogLookupException.class)
                .hasMessage("column catalog of target 'orders': the gateway is closing");
        // A server process ends shortly after its connection closes; wait for that, boundedly.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int open;
        try (Connection observer = superuser(); Statement statement = observer.createStatement()) {
            do {
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = '"
                        + ROLE + "'")) {
                    rs.next();
                    open = rs.getInt(1);
                }
                Thread.sleep(open == 0 ? 0 : 20);
            } while (open > 0 && System.nanoTime() < deadline);
        }
        assertThat(open).as("catalog connections left open").isZero();
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> PostgresColumnCatalog.create(List.of(), Duration.ofSeconds(-1),
                Duration.ofSeconds(1))).hasMessage("the cache TTL must not be negative");
        assertThatThrownBy(() -> PostgresColumnCatalog.create(List.of(), Duration.ZERO, Duration.ZERO))
                .hasMessage("the timeout must be positive");
    }

    @Test
    void theCatalogRoleIsTheDefaultRoleElseTheFirst() {
        Map<String, RoleConfig> roles = new LinkedHashMap<>();
        roles.put("first", new RoleConfig("first", null));
        roles.put("second", new RoleConfig("second", null));
        TargetTls tls = new TargetTls(UpstreamTlsMode.DISABLE, null);

        assertThat(CatalogConnection.role(new TargetConfig("t", "h", 5432, "d", tls, UpstreamAuthMethod.DEFAULT,
                null, roles)).name()).isEqualTo("first");
        assertThat(CatalogConnection.role(new TargetConfig("t", "h", 5432, "d", tls, UpstreamAuthMethod.DEFAULT,
                "second", roles)).name()).isEqualTo("second");
    }
}
