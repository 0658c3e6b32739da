package io.hoopgw.audit;

import io.hoopgw.audit.schema.AuditIdentity;
import io.hoopgw.audit.schema.Connection;
import io.hoopgw.audit.schema.LoginRefused;
import io.hoopgw.audit.schema.SessionStarted;
import io.hoopgw.audit.schema.StartupParameter;
import io.hoopgw.audit.store.AuditWriter;
import io.hoopgw.audit.store.CheckpointSigner;
import io.hoopgw.audit.store.StoreSettings;
import io.hoopgw.core.auth.Identity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Records sessions of one gateway instance into a tamper-evident audit directory. Open one per gateway with
 * {@link #open}; call {@link #sessionStarted} for each established session and {@link #loginRefused} for each
 * refused login. Thread-safe; durability comes from one writer thread's group commits.
 */
public final class AuditRecorder implements AutoCloseable {
    private final AuditConfig config;
    private final AuditWriter writer;
    private final SessionIds ids;

    private AuditRecorder(AuditConfig config, AuditWriter writer) {
        this.config = config;
        this.writer = writer;
        this.ids = new SessionIds(config.instance(), config.clock());
    }

    /**
     * Starts recording into {@code config.directory()}. Never fails for I/O: if the directory cannot be written,
     * the recorder reports {@linkplain #healthy() unhealthy} and every record fails with
     * {@link AuditUnavailableException} until it can.
     *
     * @throws IllegalArgumentException when the signing key is unusable or a setting is out of range
     */
    public static AuditRecorder open(AuditConfig config) {
        StoreSettings settings = new StoreSettings(config.directory(), config.instance(),
                new CheckpointSigner(config.signingKey()), config.maxSegmentBytes(), config.maxSegmentAge(),
                config.checkpointRecords(), config.checkpointInterval(), config.maxBatchRecords(),
                config.preallocateSegments(), config.clock());
        return new AuditRecorder(config, AuditWriter.start(settings));
    }

    /**
     * Records a session start and returns the session's recorder; wait for {@link SessionAudit#started()} before
     * forwarding the session's first statement.
     *
     * @param connection   where the client connects from
     * @param identity     who the verified token says the client is (the token itself is never recorded)
     * @param target       the target the session is relayed to
     * @param upstreamRole the role the gateway logs in upstream as
     */
    public SessionAudit sessionStarted(ConnectionInfo connection, Identity identity, String target,
            String upstreamRole) {
        Objects.requireNonNull(identity, "identity");
        String id = ids.next().toString();
        return new SessionAudit(writer, config, new SessionStarted(id, connection(connection), identity(identity),
                Objects.requireNonNull(target, "target"), Objects.requireNonNull(upstreamRole, "upstreamRole")));
    }

    /**
     * Records a refused login.
     *
     * @param identity    the identity, when the token was verified before another check failed; else null
     * @param target      the requested target, when known
     * @param failedCheck which check failed (for example {@code token}, {@code grant}, {@code tls})
     * @param sqlState    the SQLSTATE the client was sent
     * @param message     the message the client was sent
     */
    public CompletableFuture<Void> loginRefused(ConnectionInfo connection, Identity identity, String target,
            String failedCheck, String sqlState, String message) {
        return writer.append(new LoginRefused(ids.next().toString(), connection(connection),
                identity == null ? null : identity(identity), target,
                Objects.requireNonNull(failedCheck, "failedCheck"), Objects.requireNonNull(sqlState, "sqlState"),
                Objects.requireNonNull(message, "message")));
    }

    /** False while records cannot be written (the gateway reports itself unhealthy and refuses statements). */
    public boolean healthy() {
        return writer.healthy();
    }

    /** Why the recorder is unhealthy, or null. */
    public Throwable lastFailure() {
        return writer.lastFailure();
    }

    /** The audit directory. */
    public Path directory() {
        return config.directory();
    }

    /** Writes what is queued, seals the current segment with a checkpoint and stops. */
    @Override
    public void close() {
        writer.close();
    }

    private Connection connection(ConnectionInfo c) {
        List<StartupParameter> parameters = new ArrayList<>();
        for (Map.Entry<String, String> e : c.startupParameters().entrySet()) {
            parameters.add(new StartupParameter(e.getKey(), e.getValue()));
        }
        return new Connection(c.clientAddress(), c.clientPort(), c.tlsVersion(),
                c.startupParameters().get("application_name"), parameters, config.instance());
    }

    private static AuditIdentity identity(Identity identity) {
        return new AuditIdentity(identity.subject(), identity.issuer(), List.copyOf(identity.groups()).stream()
                .sorted().toList(), identity.tokenId(), identity.expiresAt());
    }
}
