package io.hoopgw.server.conversation;

import io.hoopgw.core.mask.ColumnRule;
import io.hoopgw.core.mask.Masker;
import io.hoopgw.core.protocol.backend.RowDescription;
import io.hoopgw.server.mask.ColumnCatalog;
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
