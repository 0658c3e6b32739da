package io.hoopgw.server.config;

import io.hoopgw.core.mask.MaskingConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code masking} section: the validated rules (gateway-core's {@link MaskingConfig}) and how the gateway looks
 * up the source columns that column rules name.
 *
 * @param rules           the masking rules, in configuration order; hash keys already resolved from their secrets
 * @param catalogCacheTtl how long a resolved column name (table OID and attribute number to schema, table and column)
 *                        is kept before it is looked up again; {@link Duration#ZERO} looks up every result
 * @param catalogTimeout  how long one catalog look-up may take, connecting included, before the result it was for
 *                        is refused; whole seconds, at least one (the catalog connection is pgjdbc's)
 */
public record MaskingSettings(MaskingConfig rules, Duration catalogCacheTtl, Duration catalogTimeout) {
    /** How long resolved column names are cached when the configuration does not say. */
    public static final Duration DEFAULT_CATALOG_CACHE_TTL = Duration.ofMinutes(5);
    /** How long a catalog look-up may take when the configuration does not say. */
    public static final Duration DEFAULT_CATALOG_TIMEOUT = Duration.ofSeconds(5);

    public MaskingSettings {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(catalogCacheTtl, "catalogCacheTtl");
        Objects.requireNonNull(catalogTimeout, "catalogTimeout");
        if (catalogCacheTtl.isNegative()) {
            throw new IllegalArgumentException("catalogCacheTtl must not be negative");
        }
        if (catalogTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("catalogTimeout must be at least 1 s");
        }
    }

    /** Rules with the default catalog settings. */
    public static MaskingSettings of(MaskingConfig rules) {
        return new MaskingSettings(rules, DEFAULT_CATALOG_CACHE_TTL, DEFAULT_CATALOG_TIMEOUT);
    }
}
