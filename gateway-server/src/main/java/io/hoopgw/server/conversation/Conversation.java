package io.hoopgw.server.conversation;

import io.hoopgw.audit.ConnectionInfo;
import io.hoopgw.audit.CopyCapture;
import io.hoopgw.audit.SessionAudit;
import io.hoopgw.core.auth.Identity;
import io.hoopgw.core.mask.Masker;
import io.hoopgw.server.mask.ColumnCatalog;
import io.hoopgw.server.mask.MaskingControls;
import io.hoopgw.server.session.DataPathControls;
import io.hoopgw.server.relay.FramedRelayHandler;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One session's conversation under the data-path controls: the state both directions share (requests awaiting
 * their responses, prepared statements and portals, the session settings the SQL lexer depends on) and the two
 * inspectors that apply the controls.
 *
 * <p>Everything runs on the session's event loop; asynchronous work (durable records, catalog look-ups) completes
 * back on it.
 */
public final class Conversation {
    final SessionControls controls;
    final Channel client;
    final Channel upstream;
    final PendingRequests pending = new PendingRequests();
    final PreparedStatements prepared = new PreparedStatements();
    /** The server's {@code standard_conforming_strings}, which changes how the lexer reads backslashes. */
    boolean standardConformingStrings = true;
    /** The client's data of a COPY FROM STDIN in progress, when recording; else null. */
    CopyCapture copyIn;
    /**
     * The server is in COPY FROM STDIN and the client has not yet ended it (CopyDone or CopyFail): PostgreSQL ignores
     * the client's Syncs meanwhile, so they are not requests that will be answered.
     */
    boolean copyingIn;
    /** After the gateway refused an extended-protocol message: client messages are dropped up to Sync. */
    boolean discardingUntilSync;
    /**
     * A statement timeout sent a CancelRequest since the last ReadyForQuery. PostgreSQL's responses to pipelined
     * Executes arrive only at the next flush, so the timer of one the server had long finished can fire; its cancel
     * then lands on a later Execute, whose error is still the timeout's.
     */
    boolean cancelledForTimeout;
    /** A CancelRequest the gateway sent and the server has not yet taken; null when none. */
    io.netty.util.concurrent.Future<?> cancelling;

    private final ClientMessages clientMessages;
    private final ServerMessages serverMessages;

    Conversation(SessionControls controls, Channel client, Channel upstream) {
        this.controls = controls;
        this.client = client;
        this.upstream = upstream;
        this.clientMessages = new ClientMessages(this);
        this.serverMessages = new ServerMessages(this);
    }

    /**
     * Starts the conversation of a newly established session: records its start, when recording, and picks the
     * masker for the identity's groups.
     *
     * @param controls       the gateway's data-path controls (at least one configured)
     * @param identity       the verified identity
     * @param target         the target's name
     * @param upstreamRole   the role the gateway logged in upstream as
     * @param connection     where the client connects from
     * @param client         the client channel
     * @param upstream       the upstream channel, on the same event loop
     * @param cancelUpstream sends a CancelRequest for the upstream session
     */
    public static Conversation open(DataPathControls controls, Identity identity, String target, String upstreamRole,
            ConnectionInfo connection, Channel client, Channel upstream,
            java.util.function.Supplier<io.netty.util.concurrent.Future<?>> cancelUpstream) {
        SessionAudit audit = controls.audit()
                .map(recorder -> recorder.sessionStarted(connection, identity, target, upstreamRole))
                .orElse(null);
        Masker masker = controls.masking().map(m -> m.config().forGroups(identity.groups()))
                .filter(m -> !m.isEmpty()).orElse(null);
        ColumnCatalog catalog = controls.masking().map(MaskingControls::catalog).orElse(ColumnCatalog.NONE);
        SessionControls session = new SessionControls(identity.groups(), target, controls.policy().orElse(null),
                audit, masker, masker == null ? null : masker.newCounts(), catalog, cancelUpstream);
        return new Conversation(session, client, upstream);
    }

    /** Records the end of the session, when recording. */
    public void ended(String reason) {
        if (controls.audit() != null) {
            controls.audit().sessionEnded(reason);
        }
    }

    /** Inspects what the client sends, before it is forwarded upstream. */
    public FramedRelayHandler.Inspector clientMessages() {
        return clientMessages;
    }

    /** Inspects what the server sends, before it is forwarded to the client. */
    public FramedRelayHandler.Inspector serverMessages() {
        return serverMessages;
    }

    /**
     * Cancels the running upstream statement. Until the server has taken the cancel, the next ReadyForQuery is
     * held back, so that the client's next statement cannot start early enough to be cancelled in its place.
     *
     * <p>One CancelRequest at a time: the timeouts of pipelined Executes fire together, and the ReadyForQuery
     * waits only for the cancel in flight, so a second one could still land on the client's next statement. The
     * one in flight cancels whatever is running when it lands, which ends the rest of the pipeline anyway.
     */
    void cancelUpstream() {
        if (cancelling != null && !cancelling.isDone()) {
            return;
        }
        cancelling = controls.cancelUpstream().get();
    }

    /** Notes a forwarded request and, for one that runs SQL, starts the policy's statement timeout. */
    void sent(Request request) {
        pending.sent(request);
        startTimeout(request);
    }

    /**
     * Starts the policy's statement timeout of a request that runs SQL, as it goes upstream (an Execute held back
     * with its batch is noted when it arrives but goes upstream, and starts running, only when the batch does).
     */
    void startTimeout(Request request) {
        Duration timeout = controls.guardrails().statementTimeout();
        if (!timeout.isZero() && (request.kind == Request.Kind.QUERY || request.kind == Request.Kind.EXECUTE)
                && request.refusal == null) {
            client.eventLoop().schedule(() -> {
                if (!request.done && upstream.isActive()) {
                    request.timedOut = true;
                    cancelledForTimeout = true;
                    cancelUpstream();
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
