package io.hoopgw.server;

import io.hoopgw.audit.AuditRecorder;
import io.hoopgw.core.policy.PolicyEngine;
import io.hoopgw.server.config.AuditSettings;
import io.hoopgw.server.config.ConfigException;
import io.hoopgw.server.config.GatewayConfig;
import io.hoopgw.server.config.PolicySettings;
import io.hoopgw.server.config.MaskingSettings;
import io.hoopgw.server.mask.MaskingControls;
import io.hoopgw.server.mask.PostgresColumnCatalog;
import io.hoopgw.server.policy.PolicySource;
import io.hoopgw.server.policy.ReloadingPolicySource;
import io.hoopgw.server.session.DataPathControls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-path controls a gateway runs with, and whether the gateway owns them: controls it opened from its
 * configuration are closed with it; controls passed in by code belong to the caller.
 */
final class ConfiguredControls implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfiguredControls.class);

    private final DataPathControls controls;
    private final AuditRecorder ownedRecorder;
    private final PostgresColumnCatalog ownedCatalog;
    private final ReloadingPolicySource ownedPolicy;

    private ConfiguredControls(DataPathControls controls, AuditRecorder ownedRecorder) {
        this(controls, ownedRecorder, null);
    }

    private ConfiguredControls(DataPathControls controls, AuditRecorder ownedRecorder,
            PostgresColumnCatalog ownedCatalog) {
        this(controls, ownedRecorder, ownedCatalog, null);
    }

    private ConfiguredControls(DataPathControls controls, AuditRecorder ownedRecorder,
            PostgresColumnCatalog ownedCatalog, ReloadingPolicySource ownedPolicy) {
        this.controls = controls;
        this.ownedRecorder = ownedRecorder;
        this.ownedCatalog = ownedCatalog;
        this.ownedPolicy = ownedPolicy;
    }

    /**
     * These controls with the masking a {@code masking} section asks for, if any: its rules, and a column catalog
     * on the configured targets, which connects only when a session first needs it and is closed with these
     * controls.
     */
    private ConfiguredControls withMasking(GatewayConfig config) {
        if (config.masking().isEmpty()) {
            return this;
        }
        MaskingSettings masking = config.masking().get();
        PostgresColumnCatalog catalog = PostgresColumnCatalog.create(config.targets().values(),
                masking.catalogCacheTtl(), masking.catalogTimeout());
        log.info("masking results with {} rules ({})", masking.rules().rules().size(),
                String.join(", ", masking.rules().ruleNames()));
        return new ConfiguredControls(controls.withMasking(new MaskingControls(masking.rules(), catalog)),
                ownedRecorder, catalog);
    }

    /**
     * These controls with the statement policy a {@code policy} section asks for, if any: fixed when its rules are
     * inline, reloaded on change (and no longer watched once these controls close) when they are in a file. Must
     * come last: the controls built before it are closed when the policy file cannot be used.
     */
    private ConfiguredControls withPolicy(GatewayConfig config) throws IOException {
        if (config.policy().isEmpty()) {
            return this;
        }
        PolicySettings settings = config.policy().get();
        if (settings.file().isEmpty()) {
            log.info("deciding statements by the policy in the configuration ({} rules)",
                    settings.policy().rules().size());
            return new ConfiguredControls(controls.withPolicy(PolicySource.fixed(new PolicyEngine(settings.policy()))),
                    ownedRecorder, ownedCatalog, null);
        }
        try {
            ReloadingPolicySource source = ReloadingPolicySource.start(settings.file().get(),
                    ReloadingPolicySource.DEFAULT_INTERVAL);
            return new ConfiguredControls(controls.withPolicy(source), ownedRecorder, ownedCatalog, source);
        } catch (ConfigException e) {
            close();
            throw new IOException("the policy file changed since the configuration was read and is invalid now:\n"
                    + e.getMessage(), e);
        }
    }

    /**
     * Opens what {@code config} asks for: the audit recorder when there is an {@code audit} section, its directory
     * created first; the masking rules and column catalog when there is a {@code masking} section; the statement
     * policy when there is a {@code policy} section.
     *
     * @throws IOException when the audit directory cannot be created or written, naming it and the reason, or when
     *                     the policy file became invalid after the configuration was read
     */
    static ConfiguredControls open(GatewayConfig config) throws IOException {
        if (config.audit().isEmpty()) {
            return new ConfiguredControls(DataPathControls.NONE, null).withMasking(config).withPolicy(config);
        }
        AuditSettings audit = config.audit().get();
        checkWritable(audit.directory());
        AuditRecorder recorder = AuditRecorder.open(audit.auditConfig());
        log.info("recording sessions in {} as instance {} (checkpoint key {}, results: {})", audit.directory(),
                audit.instance(), audit.signingKey().getKeyID(), audit.results().name().toLowerCase(Locale.ROOT));
        return new ConfiguredControls(DataPathControls.NONE.withAudit(recorder), recorder).withMasking(config)
                .withPolicy(config);
    }

    /** Controls built by the caller, who keeps ownership: {@link #close()} leaves them open. */
    static ConfiguredControls provided(DataPathControls controls) {
        return new ConfiguredControls(Objects.requireNonNull(controls, "controls"), null);
    }

    /**
     * Creates the directory and writes a file into it. The recorder never fails to open (an unusable directory
     * makes it unhealthy, so a running gateway survives a full disk), so a directory that cannot work at all is
     * caught here, where it can still stop the gateway from starting.
     */
    private static void checkWritable(Path directory) throws IOException {
        try {
            Files.createDirectories(directory);
            Files.delete(Files.createTempFile(directory, ".hoopgw-write-check-", ".tmp"));
        } catch (IOException e) {
            throw new IOException("the audit directory " + directory + " cannot be written: " + e, e);
        }
    }

    /** The controls sessions apply. */
    DataPathControls controls() {
        return controls;
    }

    /**
     * Closes what {@link #open} opened: the policy file's watcher, the column catalog's connections, then the
     * recorder, which writes what is queued and seals its segment.
     */
    @Override
    public void close() {
        if (ownedPolicy != null) {
            ownedPolicy.close();
        }
        if (ownedCatalog != null) {
            ownedCatalog.close();
        }
        if (ownedRecorder != null) {
            ownedRecorder.close();
        }
    }
}
