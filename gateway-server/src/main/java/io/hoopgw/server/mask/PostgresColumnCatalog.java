package io.hoopgw.server.mask;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hoopgw.core.sql.CopyToStdout;
import io.hoopgw.server.config.TargetConfig;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link ColumnCatalog} that reads each target's own PostgreSQL catalog ({@code pg_attribute}, {@code pg_class},
 * {@code pg_namespace}) over a pgjdbc connection of its own per target (see {@link CatalogConnection} for the role,
 * TLS and login rules), on a small executor of its own, never on an event loop.
 *
 * <p>Names are cached per target with Caffeine for {@code cacheTtl} after they are read. All the columns of one
 * call that are not cached are looked up with one query; calls that ask for a column already being looked up wait
 * for that look-up instead of sending their own. {@link #invalidate} drops a target's cache, including look-ups in
 * flight, whose results are then returned to their callers but not kept. A look-up that fails or takes longer than
 * {@code timeout} fails the future with a {@link CatalogLookupException}, and nothing is cached for it.
 *
 * <p>What the catalog connection sees is committed catalog state: a column created or renamed in a session's own
 * open transaction is unknown or has its old name until that transaction commits (and its cache entry is
 * invalidated). A column of a view resolves to the view's own schema, name and column, as PostgreSQL reports the
 * view in RowDescription, not to the table beneath it.
 *
 * <p>Futures complete on a catalog thread (or, when everything was cached, at once on the caller's thread). Thread
 * safe. {@link #close} stops the executor and closes every connection.
 */
public final class PostgresColumnCatalog implements ColumnCatalog, AutoCloseable {
    /** Catalog threads: look-ups of one target run one at a time, so this many targets are served at once. */
    private static final int THREADS = 2;
    /** Look-ups waiting for a thread; past this, more are refused (failed) rather than queued without bound. */
    private static final int QUEUE = 1024;
    /** Cached names per target; a RowDescription's columns are few, and the names are small. */
    private static final long MAX_NAMES_PER_TARGET = 100_000;

    private final Map<String, Target> targets;
    private final ThreadPoolExecutor executor;
    private final Duration timeout;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PostgresColumnCatalog(Map<String, Target> targets, ThreadPoolExecutor executor, Duration timeout) {
        this.targets = targets;
        this.executor = executor;
        this.timeout = timeout;
    }

    /**
     * A catalog for {@code targets}. Connects lazily: nothing is opened until the first look-up for a target.
     *
     * @param targets  the targets, each with at least one role
     * @param cacheTtl how long a name is kept after it was read; {@link Duration#ZERO} keeps none
     * @param timeout  how long one look-up may take, connecting included; also pgjdbc's connect, login and socket
     *                 timeout, rounded up to whole seconds
     */
    public static PostgresColumnCatalog create(Collection<TargetConfig> targets, Duration cacheTtl, Duration timeout) {
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        Objects.requireNonNull(timeout, "timeout");
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("the cache TTL must not be negative");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
        Map<String, Target> byName = new LinkedHashMap<>();
        for (TargetConfig target : targets) {
            if (target.roles().isEmpty()) {
                throw new IllegalArgumentException("target " + target.name() + " has no role to read its catalog as");
            }
            AsyncCache<ColumnRef, ColumnName> cache = Caffeine.newBuilder()
                    .expireAfterWrite(cacheTtl)
                    .maximumSize(MAX_NAMES_PER_TARGET)
                    .buildAsync();
            byName.put(target.name(), new Target(new CatalogConnection(target, timeout), cache));
        }
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), new DefaultThreadFactory("hoopgw-catalog", true));
        executor.allowCoreThreadTimeOut(true);
        return new PostgresColumnCatalog(Map.copyOf(byName), executor, timeout);
    }

    @Override
    public CompletableFuture<Map<ColumnRef, ColumnName>> names(String target, Set<ColumnRef> columns) {
        Target entry = targets.get(target);
        if (closed.get()) {
            return CompletableFuture.failedFuture(new CatalogLookupException(target, "the gateway is closing", null));
        }
        if (entry == null) {
            return CompletableFuture.failedFuture(new CatalogLookupException(target, "no such target", null));
        }
        if (columns.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        return withinTimeout(target, entry.cache.getAll(columns, (missing, ignored) -> lookUp(entry.connection,
                missing)));
    }

    @Override
    public CompletableFuture<List<CopiedColumn>> copyColumns(String target, CopyToStdout copy) {
        Target entry = targets.get(target);
        if (closed.get()) {
            return CompletableFuture.failedFuture(new CatalogLookupException(target, "the gateway is closing", null));
        }
        if (entry == null) {
            return CompletableFuture.failedFuture(new CatalogLookupException(target, "no such target", null));
        }
        CompletableFuture<List<CopiedColumn>> described;
        try {
            described = CompletableFuture.supplyAsync(() -> {
                try {
                    return entry.connection.copyColumns(copy);
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            }, executor);
        } catch (RejectedExecutionException e) {
            described = CompletableFuture.failedFuture(e);
        }
        return withinTimeout(target, described);
    }

    /** {@code work}, failed with a {@link CatalogLookupException} when it fails or takes longer than the timeout. */
    private <T> CompletableFuture<T> withinTimeout(String target, CompletableFuture<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        work.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure(target, error));
            }
        });
        if (!result.isDone()) {
            CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() ->
                    result.completeExceptionally(new CatalogLookupException(target, "no answer within "
                            + timeout.toMillis() + " ms", null)));
        }
        return result;
    }

    private CompletableFuture<Map<ColumnRef, ColumnName>> lookUp(CatalogConnection connection,
            Set<? extends ColumnRef> missing) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return connection.lookup(missing);
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            }, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static CatalogLookupException failure(String target, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof CatalogLookupException lookup) {
            return lookup;
        }
        if (cause instanceof RejectedExecutionException) {
            return new CatalogLookupException(target, "too many look-ups waiting", cause);
        }
        String message = cause.getMessage();
        return new CatalogLookupException(target, message == null ? cause.getClass().getSimpleName() : message,
                cause);
    }

    @Override
    public void invalidate(String target) {
        Target entry = targets.get(target);
        if (entry != null) {
            entry.cache.synchronous().invalidateAll();
        }
    }

    /** How many look-up queries have been sent to {@code target} since the start (tests and diagnostics). */
    public long queries(String target) {
        Target entry = targets.get(target);
        return entry == null ? 0 : entry.connection.queries();
    }

    /**
     * Stops the executor and closes every catalog connection; look-ups still running fail, later calls fail at
     * once. Safe to call more than once.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        executor.shutdownNow();
        targets.values().forEach(target -> target.connection.close());
    }

    private record Target(CatalogConnection connection, AsyncCache<ColumnRef, ColumnName> cache) {
    }
}
