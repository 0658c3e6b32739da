package io.hoopgw.server.mask;

import io.hoopgw.core.sql.CopyToStdout;
import io.hoopgw.core.sql.RelationName;
import io.hoopgw.core.sql.SqlLexException;
import io.hoopgw.core.sql.SqlLexer;
import io.hoopgw.core.sql.Token;
import io.hoopgw.core.sql.TokenKind;
import io.hoopgw.server.config.TargetConfig;
import io.hoopgw.server.config.TargetConfig.RoleConfig;
import io.hoopgw.server.mask.ColumnCatalog.ColumnName;
import io.hoopgw.server.mask.ColumnCatalog.CopiedColumn;
import io.hoopgw.server.mask.ColumnCatalog.ColumnRef;
import io.hoopgw.server.tls.UpstreamTlsMode;
import io.hoopgw.server.upstream.UpstreamAuthMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.Driver;
import org.postgresql.PGResultSetMetaData;

/**
 * The catalog connection to one target: a pgjdbc connection of the catalog's own, opened on first use, kept open
 * between look-ups and reopened after a failure. Blocking: called only from the catalog's executor, one look-up at a
 * time per target.
 *
 * <p>It logs in as the target's {@code defaultRole}, or the first role listed when there is none: reading
 * {@code pg_attribute}, {@code pg_class} and {@code pg_namespace} needs no privilege, so any role will do, and the
 * default role is the one most clients already use. TLS follows the target's mode: {@code disable}, {@code require}
 * (encrypted, any certificate) or {@code verify-full} (chain to {@code caFile}, host name checked), with pgjdbc's
 * {@code sslmode} of the same name; login methods are restricted as for sessions (see {@link CatalogLogin}).
 */
final class CatalogConnection implements AutoCloseable {
    /**
     * One round trip for all the columns of a RowDescription. OIDs travel as int8 because Java has no unsigned int;
     * every name is schema-qualified so that no function or table on the role's search path can stand in.
     */
    static final String LOOKUP = """
            SELECT k.relid, k.attnum, n.nspname, c.relname, a.attname
            FROM ROWS FROM (pg_catalog.unnest(?::pg_catalog.int8[]), pg_catalog.unnest(?::pg_catalog.int2[]))
              AS k(relid, attnum)
            JOIN pg_catalog.pg_attribute a
              ON a.attrelid = k.relid::pg_catalog.oid AND a.attnum = k.attnum AND NOT a.attisdropped
            JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace""";

    /**
     * The columns {@code COPY table TO} copies when it lists none: all but dropped and generated ones, in attribute
     * order (PostgreSQL's CopyGetAttnums). The table name is resolved as regclass input, quoted by the caller.
     */
    static final String TABLE_COLUMNS = """
            SELECT n.nspname, c.relname, a.attname
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE a.attrelid = pg_catalog.to_regclass(?::pg_catalog.text)::pg_catalog.oid
              AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
            ORDER BY a.attnum""";

    /**
     * Which of the given relation names exist in more than one schema (temporary schemas of other sessions
     * included), with those schemas: an unqualified such name may resolve differently in a session, by its search
     * path, than on the catalog's connection. Indexes, composite types and TOAST tables cannot be copied from.
     */
    static final String SHARED_NAMES = """
            SELECT c.relname, pg_catalog.string_agg(n.nspname, ', ' ORDER BY n.nspname)
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relname = ANY (?::pg_catalog.text[]) AND c.relkind NOT IN ('i', 'I', 'c', 't')
            GROUP BY c.relname
            HAVING pg_catalog.count(*) > 1""";

    private static final Driver DRIVER = new Driver();

    private final String target;
    private final String url;
    private final Properties properties;
    private final AtomicLong queries = new AtomicLong();
    /** Set by the look-up thread; taken by {@link #close} from any thread to break off a running look-up. */
    private final AtomicReference<Connection> connection = new AtomicReference<>();
    private volatile boolean closed;

    CatalogConnection(TargetConfig target, Duration timeout) {
        this.target = target.name();
        this.url = "jdbc:postgresql://" + hostForUrl(target.host()) + ":" + target.port() + "/"
                + URLEncoder.encode(target.database(), StandardCharsets.UTF_8);
        this.properties = properties(target, timeout);
    }

    /** The role the catalog logs in as: the default role, else the first. */
    static RoleConfig role(TargetConfig target) {
        if (target.defaultRole() != null) {
            return target.roles().get(target.defaultRole());
        }
        return target.roles().values().iterator().next();
    }

    private static Properties properties(TargetConfig target, Duration timeout) {
        RoleConfig role = role(target);
        Properties properties = new Properties();
        properties.setProperty("user", role.name());
        CatalogLogin.configure(properties, target.name(), role.password() == null ? null : role.password().reveal(),
                target.auth());
        String seconds = Long.toString(Math.max(1, timeout.toSeconds()));
        properties.setProperty("connectTimeout", seconds);
        properties.setProperty("loginTimeout", seconds);
        // A backstop that frees a connection stuck on a read, after the look-up's own timeout has answered: equal
        // to it, the two raced, and a caller got pgjdbc's I/O error instead of the timeout.
        properties.setProperty("socketTimeout", Long.toString(2 * Math.max(1, timeout.toSeconds()) + 1));
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("readOnly", "true");
        properties.setProperty("ApplicationName", "hoopgw column catalog");
        // The catalog query is the only statement; a server-side prepared statement saves its parse every time.
        properties.setProperty("prepareThreshold", "1");
        // Base column names of a described COPY query are read through pgjdbc, which would otherwise keep them
        // for the connection's life and miss renames.
        properties.setProperty("databaseMetadataCacheFields", "0");
        properties.setProperty("databaseMetadataCacheFieldsMiB", "0");
        UpstreamTlsMode mode = target.tls().mode();
        switch (mode) {
            case DISABLE -> properties.setProperty("sslmode", "disable");
            case REQUIRE -> {
                properties.setProperty("sslmode", "require");
                // require trusts any certificate, as the gateway's own upstream connections do; without this pgjdbc
                // would verify against ~/.postgresql/root.crt when that file happens to exist.
                properties.setProperty("sslfactory", "org.postgresql.ssl.NonValidatingFactory");
            }
            case VERIFY_FULL -> {
                properties.setProperty("sslmode", "verify-full");
                properties.setProperty("sslrootcert", target.tls().caFile().toString());
            }
            default -> throw new IllegalStateException("unhandled TLS mode " + mode);
        }
        if (mode != UpstreamTlsMode.DISABLE && target.auth().equals(Set.of(UpstreamAuthMethod.SCRAM_SHA_256))) {
            // As the gateway's sessions: over TLS, SCRAM only with channel binding, so a relay in the middle fails.
            properties.setProperty("channelBinding", "require");
        }
        return properties;
    }

    private static String hostForUrl(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /**
     * The names of {@code columns}; columns that do not exist (dropped, or never there) are left out.
     *
     * @throws SQLException when the target cannot be reached or the query fails; the connection is then closed and
     *     the next look-up opens a new one
     */
    synchronized Map<ColumnRef, ColumnName> lookup(Set<? extends ColumnRef> columns) throws SQLException {
        if (closed) {
            throw new SQLException("the column catalog is closed");
        }
        Long[] tables = new Long[columns.size()];
        Short[] attributes = new Short[columns.size()];
        int i = 0;
        for (ColumnRef column : columns) {
            tables[i] = Integer.toUnsignedLong(column.tableOid());
            attributes[i] = column.attribute();
            i++;
        }
        try {
            Connection open = open();
            Map<ColumnRef, ColumnName> names = new HashMap<>();
            List<Array> arrays = new ArrayList<>(2);
            try (PreparedStatement statement = open.prepareStatement(LOOKUP)) {
                arrays.add(open.createArrayOf("int8", tables));
                arrays.add(open.createArrayOf("int2", attributes));
                statement.setArray(1, arrays.get(0));
                statement.setArray(2, arrays.get(1));
                queries.incrementAndGet();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        names.put(new ColumnRef((int) rows.getLong(1), rows.getShort(2)),
                                new ColumnName(rows.getString(3), rows.getString(4), rows.getString(5)));
                    }
                }
            } finally {
                for (Array array : arrays) {
                    array.free();
                }
            }
            return names;
        } catch (SQLException e) {
            discard();
            throw e;
        }
    }

    /**
     * The columns of a COPY TO's rows (see {@link ColumnCatalog#copyColumns}): a table's from the catalog, a column
     * list's or a query's by describing {@code SELECT list FROM table} or the query (Parse and Describe, never
     * Execute).
     *
     * @throws SQLException when the target cannot be reached, or does not know the table or columns, or cannot
     *     parse the query; a broken connection is closed and the next look-up opens a new one
     */
    synchronized List<CopiedColumn> copyColumns(CopyToStdout copy) throws SQLException {
        if (closed) {
            throw new SQLException("the column catalog is closed");
        }
        try {
            Connection open = open();
            queries.incrementAndGet();
            List<CopiedColumn> columns = new ArrayList<>();
            if (copy.table() != null && copy.columns() == null) {
                try (PreparedStatement statement = open.prepareStatement(TABLE_COLUMNS)) {
                    statement.setString(1, quoted(copy.table()));
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            columns.add(new CopiedColumn(rows.getString(3),
                                    new ColumnName(rows.getString(1), rows.getString(2), rows.getString(3))));
                        }
                    }
                }
                if (columns.isEmpty()) {
                    throw new SQLException("no table " + copy.table() + " with columns is visible to the catalog's "
                            + "role");
                }
                checkUnambiguous(open, copy);
                return columns;
            }
            String sql = copy.query() != null ? jdbcText(copy.query()) : "SELECT " + String.join(", ",
                    copy.columns().stream().map(CatalogConnection::quoted).toList()) + " FROM " + quoted(copy.table());
            try (PreparedStatement statement = open.prepareStatement(sql)) {
                ResultSetMetaData metaData = statement.getMetaData();
                if (metaData == null) {
                    throw new SQLException("the query returns no rows to copy");
                }
                PGResultSetMetaData base = metaData.unwrap(PGResultSetMetaData.class);
                for (int i = 1; i <= metaData.getColumnCount(); i++) {
                    String table = base.getBaseTableName(i);
                    columns.add(new CopiedColumn(metaData.getColumnLabel(i), table == null || table.isEmpty() ? null
                            : new ColumnName(base.getBaseSchemaName(i), table, base.getBaseColumnName(i))));
                }
            }
            checkUnambiguous(open, copy);
            return columns;
        } catch (SQLException e) {
            String state = e.getSQLState();
            if (state == null || state.startsWith("08")) {
                discard();
            }
            throw e;
        }
    }

    /**
     * Fails when the COPY names a relation without its schema and a relation of that name exists in more than one
     * schema: the session's search path (or a temporary table of its own) may then have copied from another one
     * than described here. For a query, every unqualified name in it counts, not only the tables its columns come
     * from: a row type expanded from an ambiguous table ({@code (t).*}) names its columns too.
     */
    private static void checkUnambiguous(Connection open, CopyToStdout copy) throws SQLException {
        Set<String> names;
        if (copy.query() == null) {
            names = copy.table().qualified() ? Set.of() : Set.of(copy.table().name());
        } else {
            try {
                names = unqualifiedNames(SqlLexer.tokenize(copy.query(), true));
            } catch (SqlLexException e) {
                throw new SQLException("the query cannot be read: " + e.getMessage(), "42601");
            }
        }
        if (names.isEmpty()) {
            return;
        }
        Array array = open.createArrayOf("text", names.toArray());
        try (PreparedStatement statement = open.prepareStatement(SHARED_NAMES)) {
            statement.setArray(1, array);
            try (ResultSet rows = statement.executeQuery()) {
                if (rows.next()) {
                    throw new SQLException("the name " + rows.getString(1) + " is a relation in more than one schema ("
                            + rows.getString(2) + ") and the COPY does not say which; qualify it with its schema",
                            "42P09");
                }
            }
        } finally {
            array.free();
        }
    }

    /**
     * The names in a query that are neither qualified ({@code s.name}) nor qualifiers ({@code name.column}): its
     * possible unqualified relation references, and more (columns, key words), which errs towards refusing.
     */
    static Set<String> unqualifiedNames(List<Token> tokens) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isName() && (i == 0 || !tokens.get(i - 1).isSymbol("."))
                    && (i + 1 == tokens.size() || !tokens.get(i + 1).isSymbol("."))) {
                names.add(token.value());
            }
        }
        return names;
    }

    /** A name as an SQL identifier, quoted so that it means exactly itself. */
    private static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String quoted(RelationName relation) {
        return relation.schema() == null ? quoted(relation.name())
                : quoted(relation.schema()) + "." + quoted(relation.name());
    }

    /**
     * A query's text as pgjdbc must be given it to send it unchanged: pgjdbc reads {@code ?} outside quotes and
     * comments as a parameter, and {@code ??} as a {@code ?}, so each {@code ?} of an operator ({@code ?|},
     * {@code @?}) is doubled. The catalog connection has standard_conforming_strings on, as the session must.
     */
    static String jdbcText(String query) throws SQLException {
        List<Token> tokens;
        try {
            tokens = SqlLexer.tokenize(query, true);
        } catch (SqlLexException e) {
            throw new SQLException("the query cannot be read: " + e.getMessage(), "42601");
        }
        StringBuilder out = new StringBuilder(query.length() + 8);
        int copied = 0;
        for (Token token : tokens) {
            if (token.kind() == TokenKind.SYMBOL && token.value().indexOf('?') >= 0) {
                out.append(query, copied, token.start()).append(token.value().replace("?", "??"));
                copied = token.end();
            }
        }
        return out.append(query, copied, query.length()).toString();
    }

    private Connection open() throws SQLException {
        Connection current = connection.get();
        if (current == null) {
            current = DRIVER.connect(url, properties);
            if (current == null) {
                throw new SQLException("pgjdbc did not accept the URL " + url);
            }
            connection.set(current);
            if (closed) {
                // close() ran while this connection was being opened and could not see it.
                throw new SQLException("the column catalog is closed");
            }
        }
        return current;
    }

    private void discard() {
        Connection broken = connection.getAndSet(null);
        if (broken != null) {
            try {
                broken.close();
            } catch (SQLException ignored) {
                // Already broken; the next look-up opens a new connection.
            }
        }
    }

    /** How many look-up queries this connection has sent (tests and diagnostics). */
    long queries() {
        return queries.get();
    }

    /** The target this connection reads. */
    String target() {
        return target;
    }

    /**
     * Closes the connection; later look-ups fail. Does not wait for a running look-up: closing its connection from
     * here makes it fail at once.
     */
    @Override
    public void close() {
        closed = true;
        discard();
    }
}
