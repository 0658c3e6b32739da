package io.hoopgw.server.mask;

import io.hoopgw.core.sql.CopyToStdout;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Names the table columns that result columns come from, as RowDescription identifies them only by table OID and
 * attribute number. Implementations look them up on a connection of their own, never on an event loop, and cache.
 */
public interface ColumnCatalog {
    /** A catalog that knows no columns: only value detectors and column-name rules can match. */
    ColumnCatalog NONE = new ColumnCatalog() {
        @Override
        public CompletableFuture<Map<ColumnRef, ColumnName>> names(String target, Set<ColumnRef> columns) {
            return CompletableFuture.completedFuture(Map.of());
        }

        @Override
        public CompletableFuture<List<CopiedColumn>> copyColumns(String target, CopyToStdout copy) {
            return CompletableFuture.failedFuture(new CatalogLookupException(target,
                    "no catalog is configured to describe a COPY", null));
        }

        @Override
        public void invalidate(String target) {
        }
    };

    /**
     * Looks up the names of {@code columns} on {@code target}. Columns that no longer exist are left out of the map.
     * The future fails when the catalog cannot be read; the session then refuses the result rather than send it
     * unmasked.
     */
    CompletableFuture<Map<ColumnRef, ColumnName>> names(String target, Set<ColumnRef> columns);

    /**
     * The columns whose values the rows of a COPY TO carry, in order, each with the table column it comes from
     * when it is one: for {@code COPY table}, its columns as COPY picks them; for {@code COPY (query)}, the query's
     * result columns, described without running the query. Names are resolved as the catalog's own connection
     * resolves them (its role's search path), not as the session that sent the COPY does. Never cached: a COPY is
     * rare, and its names must be current. The future fails when the catalog cannot be read or cannot describe
     * the COPY (a table or column it does not see, a query it cannot parse).
     */
    CompletableFuture<List<CopiedColumn>> copyColumns(String target, CopyToStdout copy);

    /** Forgets what is cached for {@code target}, after a session there ran DDL. */
    void invalidate(String target);

    /** A column as RowDescription identifies it. */
    record ColumnRef(int tableOid, short attribute) {
    }

    /**
     * A column of a COPY's rows.
     *
     * @param name   its name in the result (the column's own for {@code COPY table}, the output name for a query)
     * @param source the table column it comes from, or null when it is computed
     */
    record CopiedColumn(String name, ColumnName source) {
    }

    /** A table column's schema-qualified name. */
    record ColumnName(String schema, String table, String column) {
    }
}
