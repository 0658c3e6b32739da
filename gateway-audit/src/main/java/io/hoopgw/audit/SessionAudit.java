package io.hoopgw.audit;

import io.hoopgw.audit.schema.BindStatement;
import io.hoopgw.audit.schema.CaptureMode;
import io.hoopgw.audit.schema.CopyDirection;
import io.hoopgw.audit.schema.CopySummary;
import io.hoopgw.audit.schema.ExecuteStatement;
import io.hoopgw.audit.schema.Notice;
import io.hoopgw.audit.schema.Notification;
import io.hoopgw.audit.schema.OutcomeKind;
import io.hoopgw.audit.schema.ParseStatement;
import io.hoopgw.audit.schema.PolicyDecision;
import io.hoopgw.audit.schema.QueryStatement;
import io.hoopgw.audit.schema.ResultSummary;
import io.hoopgw.audit.schema.SessionEnded;
import io.hoopgw.audit.schema.SessionStarted;
import io.hoopgw.audit.schema.StatementOutcome;
import io.hoopgw.audit.schema.Value;
import io.hoopgw.audit.schema.ValueFormat;
import io.hoopgw.audit.store.AuditWriter;
import io.hoopgw.audit.values.ValueDecoder;
import io.hoopgw.core.protocol.frontend.Bind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The recorder of one established session, from {@link AuditRecorder#sessionStarted}. Every method queues one
 * record and returns a future that completes when it is durable; a message must be forwarded only after its
 * records complete. A simple Query is forced to disk at once. A Parse, a Bind, an Execute and a policy decision
 * are not: they go upstream together with the Sync or Flush that ends their batch, which waits for all of them
 * and {@link #force}s them, so one fsync covers the batch. What follows a
 * statement (its outcome, its result's summary, notices, the session's end) is forced to disk with the next
 * statement or within {@link AuditWriter#LAZY_SYNC}, not in an fsync of its own.
 *
 * <p>Remembers the session's prepared statements (text and parameter types, to decode Bind values) and
 * portals (to name an Execute's statement), and counts the totals written at {@link #sessionEnded}.
 *
 * <p>No record of the session is durable without its start: a record's future completes only once the session's
 * start is durable too. When the start could not be written (the session began while the store could not
 * write), it is queued again ahead of the next record, so that once the store recovers the session's records
 * say whose they are.
 *
 * <p>Not thread-safe: call it from the session's event loop.
 */
public final class SessionAudit {
    private final AuditWriter writer;
    private final AuditConfig config;
    private final String id;
    private final long startNanos = System.nanoTime();
    private final SessionStarted start;
    private CompletableFuture<Void> started;
    private final Map<String, Prepared> prepared = new HashMap<>();
    private final Map<String, String> portals = new HashMap<>();
    private long statements;
    private long executed;
    private long failed;
    private long rows;
    private long resultBytes;
    private boolean ended;
    /** Where captures copy bytes from direct buffers to digest them; shared, as each use is over at return. */
    private byte[] scratch;

    private record Prepared(String text, List<Integer> types) {
    }

    /** Queues {@code start}, the session's first record. */
    SessionAudit(AuditWriter writer, AuditConfig config, SessionStarted start) {
        this.writer = writer;
        this.config = config;
        this.id = start.getSessionId();
        this.start = start;
        this.started = writer.append(start);
    }

    /** The session id (a UUIDv7-like string, ordered by start time). */
    public String id() {
        return id;
    }

    /** Completes when the session-start record is durable (fails when it could not be written: see above). */
    public CompletableFuture<Void> started() {
        return started;
    }

    /** Records one statement of a simple Query message: {@code part} of {@code parts} (1-based). */
    public RecordedStatement query(String text, int part, int parts) {
        Objects.requireNonNull(text, "text");
        if (part < 1 || part > parts) {
            throw new IllegalArgumentException("part " + part + " of " + parts);
        }
        long number = ++statements;
        executed++;
        return new RecordedStatement(number, append(new QueryStatement(id, number, text, part, parts)));
    }

    /** Records a simple Query message holding a single statement. */
    public RecordedStatement query(String text) {
        return query(text, 1, 1);
    }

    /** Records a Parse: statement {@code name} (empty for unnamed), its text and the client's parameter types. */
    public RecordedStatement parse(String name, String text, List<Integer> parameterTypes) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(text, "text");
        prepared.put(name, new Prepared(text, List.copyOf(parameterTypes)));
        long number = ++statements;
        return new RecordedStatement(number, appendLazily(new ParseStatement(id, number, name, text,
                List.copyOf(parameterTypes))));
    }

    /**
     * Learns a prepared statement's parameter types from the server's ParameterDescription, so that later
     * binary Bind values whose type the client left unspecified (OID 0) can be decoded. Records nothing.
     */
    public void parameterTypes(String statementName, List<Integer> oids) {
        Prepared p = prepared.get(statementName);
        prepared.put(statementName, new Prepared(p == null ? null : p.text(), List.copyOf(oids)));
    }

    /**
     * Records a Bind with its parameter values decoded.
     *
     * @param bind the message; read, not released (the caller forwards it)
     */
    public RecordedStatement bind(Bind bind) {
        Prepared p = prepared.get(bind.statement());
        List<Value> values = new ArrayList<>(bind.parameterCount());
        for (int i = 0; i < bind.parameterCount(); i++) {
            int oid = p != null && i < p.types().size() ? p.types().get(i) : 0;
            ValueFormat format = bind.parameterFormat(i) == Bind.BINARY ? ValueFormat.BINARY : ValueFormat.TEXT;
            values.add(ValueDecoder.decode(oid, format, bind.parameter(i), config.maxValueBytes()));
        }
        List<Integer> resultFormats = new ArrayList<>(bind.resultFormats().size());
        for (short f : bind.resultFormats()) {
            resultFormats.add((int) f);
        }
        String text = p == null ? null : p.text();
        portals.put(bind.portal(), text);
        long number = ++statements;
        return new RecordedStatement(number, appendLazily(new BindStatement(id, number, bind.portal(),
                bind.statement(), text, values, resultFormats)));
    }

    /** Records an Execute of {@code portal} (empty for unnamed) with its row limit (0 for all). */
    public RecordedStatement execute(String portal, int maxRows) {
        Objects.requireNonNull(portal, "portal");
        long number = ++statements;
        executed++;
        return new RecordedStatement(number, appendLazily(new ExecuteStatement(id, number, portal, maxRows,
                portals.get(portal))));
    }

    /** Records a policy decision about statement {@code statement} (forced with what waits for it: see above). */
    public CompletableFuture<Void> decision(long statement, boolean allowed, String rule, String reason) {
        return appendLazily(new PolicyDecision(id, statement, allowed, rule,
                Objects.requireNonNull(reason, "reason")));
    }

    /**
     * Forces every record queued so far to disk now. Completes when that is done; whether each record was written
     * is told by its own future.
     */
    public CompletableFuture<Void> force() {
        return append(null, true);
    }

    /** Records how statement {@code statement} ended. */
    public CompletableFuture<Void> outcome(long statement, Outcome outcome) {
        if (outcome.kind() == OutcomeKind.FAILED) {
            failed++;
        }
        return appendLazily(new StatementOutcome(id, statement, outcome.kind(), outcome.commandTag(), outcome.rows(),
                outcome.sqlState(), outcome.message(), toMicros(outcome.duration())));
    }

    /** Starts capturing the result of statement {@code statement}, described by {@code columns}. */
    public ResultCapture result(long statement, List<ResultColumn> columns) {
        return new ResultCapture(this, statement, columns, config.results(), config.sampleRows(),
                config.sampleBytes(), config.maxValueBytes());
    }

    /** Starts capturing the COPY data of statement {@code statement}. */
    public CopyCapture copy(long statement, CopyDirection direction, boolean binary) {
        return new CopyCapture(this, statement, direction, binary, config.results(), config.sampleRows(),
                config.sampleBytes());
    }

    /** Records a NoticeResponse sent to the client. */
    public CompletableFuture<Void> notice(String severity, String sqlState, String message) {
        return appendLazily(new Notice(id, severity, sqlState, message));
    }

    /** Records a NotificationResponse sent to the client. */
    public CompletableFuture<Void> notification(int processId, String channel, String payload) {
        return appendLazily(new Notification(id, processId, channel, payload));
    }

    /** Records the end of the session with its totals; later calls record nothing more. */
    public CompletableFuture<Void> sessionEnded(String reason) {
        if (ended) {
            return CompletableFuture.completedFuture(null);
        }
        ended = true;
        return appendLazily(new SessionEnded(id, Objects.requireNonNull(reason, "reason"),
                toMicros(Duration.ofNanos(System.nanoTime() - startNanos)), executed, failed, rows, resultBytes));
    }

    CompletableFuture<Void> resultRecorded(ResultSummary summary, long resultRows, long bytes) {
        rows += resultRows;
        resultBytes += bytes;
        return appendLazily(summary);
    }

    CompletableFuture<Void> copyRecorded(CopySummary summary, long bytes) {
        resultBytes += bytes;
        // A COPY FROM STDIN's data is let through to commit only once its summary is durable.
        return summary.getDirection() == CopyDirection.IN ? append(summary) : appendLazily(summary);
    }

    /** A scratch array for copying message bytes to a digest, made on first use and kept for the session. */
    byte[] scratch() {
        if (scratch == null) {
            scratch = new byte[2048];
        }
        return scratch;
    }

    /** Queues a record forced to disk at once: a Query, the data of a COPY FROM STDIN. */
    private CompletableFuture<Void> append(org.apache.avro.specific.SpecificRecord payload) {
        return append(payload, true);
    }

    /**
     * Queues a record forced to disk with the next one forced, or shortly after (see {@link
     * AuditWriter#appendLazily}): what happened after a statement went upstream, and what is forwarded only with
     * a later message that waits for it (a Parse, a Bind, an Execute, a decision).
     */
    private CompletableFuture<Void> appendLazily(org.apache.avro.specific.SpecificRecord payload) {
        return append(payload, false);
    }

    /** Queues {@code payload}, or only a forced write when it is null. */
    private CompletableFuture<Void> append(org.apache.avro.specific.SpecificRecord payload, boolean waitedFor) {
        if (started.isCompletedExceptionally()) {
            started = writer.append(start);
        }
        CompletableFuture<Void> written = payload == null ? writer.force()
                : waitedFor ? writer.append(payload) : writer.appendLazily(payload);
        if (started.isDone() && !started.isCompletedExceptionally()) {
            return written;
        }
        // Records are written in order, but a start that fails in one batch can be followed by a record that a
        // later batch writes: the record is durable only with its session's start.
        return started.thenCombine(written, (a, b) -> null);
    }

    private static long toMicros(Duration d) {
        return d.toNanos() / 1000;
    }
}
