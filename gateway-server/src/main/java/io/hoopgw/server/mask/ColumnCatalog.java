package io.hoopgw.server.mask;

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
        public void invalidate(String target) {
        }
    };

    /**
     * Looks up the names of {@code columns} on {@code target}. Columns that no longer exist are left out of the map.
     * The future fails when the catalog cannot be read; the session then refuses the result rather than send it
     * unmasked.
     */
    CompletableFuture<Map<ColumnRef, ColumnName>> names(String target, Set<ColumnRef> columns);

    /** Forgets what is cached for {@code target}, after a session there ran DDL. */
    void invalidate(String target);

    /** A column as RowDescription identifies it. */
    record ColumnRef(int tableOid, short attribute) {
    }

    /** A table column's schema-qualified name. */
    record ColumnName(String schema, String table, String column) {
    }
}
