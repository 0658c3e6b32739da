package io.hoopgw.server.mask;

import io.hoopgw.core.mask.MaskingConfig;

/**
 * Masking as sessions apply it: the rules, and the catalog that names the source column of a result column so that
 * column rules can match.
 *
 * @param config  the validated rules
 * @param catalog resolves result columns (table OID, attribute number) to schema, table and column names
 */
public record MaskingControls(MaskingConfig config, ColumnCatalog catalog) {
    public MaskingControls {
        java.util.Objects.requireNonNull(config, "config");
        java.util.Objects.requireNonNull(catalog, "catalog");
    }
}
