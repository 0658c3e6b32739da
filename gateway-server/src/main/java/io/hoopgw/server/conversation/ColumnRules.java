package io.hoopgw.server.conversation;

import io.hoopgw.core.mask.ColumnRule;
import io.hoopgw.core.mask.Masker;
import io.hoopgw.core.protocol.backend.RowDescription;
import io.hoopgw.core.sql.CopyToStdout;
import io.hoopgw.server.mask.ColumnCatalog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Finds the masking column rule of each column of a result. A rule naming a table column needs the column's
 * source, which RowDescription gives only as table OID and attribute number: those are looked up in the
 * {@link ColumnCatalog}, asynchronously when not cached.
 */
final class ColumnRules {
    private final Masker masker;
    private final ColumnCatalog catalog;
    private final String target;

    ColumnRules(SessionControls controls) {
        this.masker = controls.masker();
        this.catalog = controls.catalog();
        this.target = controls.target();
    }

    /** The columns with their rules; completes at once unless a catalog look-up is needed. */
    CompletableFuture<ResolvedColumns> resolve(List<RowDescription.Field> fields) {
        if (masker == null || masker.columnRules().isEmpty()) {
            return CompletableFuture.completedFuture(ResolvedColumns.unmasked(fields));
        }
        Set<ColumnCatalog.ColumnRef> sources = new HashSet<>();
        if (masker.needsSourceColumns()) {
            for (RowDescription.Field field : fields) {
                if (field.tableOid() != 0) {
                    sources.add(new ColumnCatalog.ColumnRef(field.tableOid(), field.columnAttributeNumber()));
                }
            }
        }
        if (sources.isEmpty()) {
            return CompletableFuture.completedFuture(rules(fields, Map.of()));
        }
        return catalog.names(target, sources).thenApply(names -> rules(fields, names));
    }

    /** The columns of a COPY TO's rows, described by the catalog; completes on a catalog thread, or fails. */
    CompletableFuture<List<ColumnCatalog.CopiedColumn>> copyColumns(CopyToStdout copy) {
        return catalog.copyColumns(target, copy);
    }

    /** The column rule of each of a COPY's columns (null entries for none), as for a result's columns. */
    List<ColumnRule> copyRules(List<ColumnCatalog.CopiedColumn> columns) {
        List<ColumnRule> rules = new ArrayList<>(columns.size());
        for (ColumnCatalog.CopiedColumn column : columns) {
            ColumnCatalog.ColumnName source = column.source();
            rules.add(source == null ? masker.columnRule(null, null, null, column.name())
                    : masker.columnRule(source.schema(), source.table(), source.column(), column.name()));
        }
        return rules;
    }

    private ResolvedColumns rules(List<RowDescription.Field> fields,
            Map<ColumnCatalog.ColumnRef, ColumnCatalog.ColumnName> names) {
        ColumnRule[] rules = new ColumnRule[fields.size()];
        for (int i = 0; i < rules.length; i++) {
            RowDescription.Field field = fields.get(i);
            ColumnCatalog.ColumnName source = field.tableOid() == 0 ? null
                    : names.get(new ColumnCatalog.ColumnRef(field.tableOid(), field.columnAttributeNumber()));
            rules[i] = source == null
                    ? masker.columnRule(null, null, null, field.name())
                    : masker.columnRule(source.schema(), source.table(), source.column(), field.name());
        }
        return new ResolvedColumns(fields, rules);
    }
}
