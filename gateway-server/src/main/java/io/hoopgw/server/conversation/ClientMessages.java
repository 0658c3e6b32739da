package io.hoopgw.server.conversation;

import io.hoopgw.audit.CopyCapture;
import io.hoopgw.audit.RecordedStatement;
import io.hoopgw.audit.SessionAudit;
import io.hoopgw.core.policy.Decision;
import io.hoopgw.core.policy.PolicyEngine;
import io.hoopgw.core.protocol.SqlState;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.core.protocol.frontend.Bind;
import io.hoopgw.core.protocol.frontend.Close;
import io.hoopgw.core.protocol.frontend.Describe;
import io.hoopgw.core.protocol.frontend.Execute;
import io.hoopgw.core.protocol.frontend.Parse;
import io.hoopgw.core.protocol.frontend.Query;
import io.hoopgw.core.protocol.frontend.TargetKind;
import io.hoopgw.core.sql.Classification;
import io.hoopgw.core.sql.SqlStatement;
import io.hoopgw.core.sql.StatementSplitter;
import io.hoopgw.server.relay.FramedRelayHandler;
import io.hoopgw.server.relay.Verdict;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the controls to what the client sends: each statement is decided by the policy and recorded, and is
 * forwarded only once allowed and its record is durable. A refused request is replaced upstream by a
 * {@linkplain Refusals marker}, so PostgreSQL keeps the session's state exactly as after an error.
 *
 * <p>Nothing goes upstream before its record is durable, yet a batch costs one fsync: a Parse, Bind or Execute
 * (and a Describe or Close among them) is {@linkplain Verdict#HOLD held} with its record written but not forced,
 * and the Sync or Flush that ends the batch (PostgreSQL need not answer before either) waits for one forced write
 * covering all the held records; then the batch goes upstream in order. When any of those records fails, none of the batch goes: PostgreSQL gets
 * a {@linkplain Refusals marker} in its place and the client 58030 for the batch's first message.
 */
final class ClientMessages implements FramedRelayHandler.Inspector {
    private static final Logger log = LoggerFactory.getLogger(ClientMessages.class);
    /** Held bytes beyond which the stream pauses until the held records are durable: what is held is in memory. */
    static final int HOLD_LIMIT = 256 * 1024;

    private final Conversation conversation;
    private final SessionControls controls;
    private final HeldBatch held = new HeldBatch();

    ClientMessages(Conversation conversation) {
        this.conversation = conversation;
        this.controls = conversation.controls;
    }

    @Override
    public Verdict inspect(byte tag, ByteBuf buffer, int index, int length) {
        if (conversation.discardingUntilSync) {
            if (!held.isEmpty()) {
                // The gateway stopped a result after these were held (see ServerMessages.stop): they are skipped
                // with the rest, as PostgreSQL skips what follows an error.
                held.clear();
                return Verdict.discardingHeld(inspect(tag, buffer, index, length));
            }
            if (tag == 'S') {
                conversation.discardingUntilSync = false;
            } else if (tag != 'X') {
                return Verdict.DROP; // as PostgreSQL ignores everything after an error up to Sync
            }
        }
        return switch (tag) {
            case 'Q' -> query(Query.decode(body(buffer, index, length)));
            case 'P' -> parse(Parse.decode(body(buffer, index, length)), length);
            case 'B' -> bind(body(buffer, index, length), length);
            case 'E' -> execute(Execute.decode(body(buffer, index, length)), length);
            case 'D' -> describe(Describe.decode(body(buffer, index, length)), length);
            case 'C' -> close(Close.decode(body(buffer, index, length)), length);
            case 'S' -> {
                if (!conversation.copyingIn) {
                    conversation.sent(Request.of(Request.Kind.SYNC, ""));
                }
                yield release(Verdict.FORWARD, tag);
            }
            case 'd' -> {
                if (conversation.copyIn != null) {
                    conversation.copyIn.data(body(buffer, index, length));
                }
                yield release(Verdict.FORWARD, tag);
            }
            case 'c' -> copyDone();
            case 'f' -> {
                conversation.copyingIn = false;
                if (conversation.copyIn != null) {
                    conversation.copyIn.finish(); // the COPY fails: nothing of it is kept to wait for
                    conversation.copyIn = null;
                }
                yield release(Verdict.FORWARD, tag);
            }
            case 'F' -> release(functionCall(body(buffer, index, length)), tag);
            default -> release(Verdict.FORWARD, tag);
        };
    }

    private static ByteBuf body(ByteBuf buffer, int index, int length) {
        return buffer.slice(index + 5, length - 5);
    }

    private Verdict query(Query query) {
        String sql = query.sql();
        Decision decision = null;
        List<SqlStatement> statements;
        if (controls.policy() != null) {
            decision = engine().decide(controls.groups(), controls.target(), sql,
                    conversation.standardConformingStrings);
            statements = decision.statements().stream().map(Classification::statement).toList();
        } else {
            statements = StatementSplitter.split(sql, conversation.standardConformingStrings);
        }
        String[] texts = statements.isEmpty() ? new String[] {sql}
                : statements.stream().map(SqlStatement::text).toArray(String[]::new);
        ErrorResponse refusal = decision == null || decision.allowed() ? null : Refusals.denied(decision.message());
        if (refusal != null) {
            log.info("policy denied a query of {} on {}: {}", controls.groups(), controls.target(),
                    decision.message());
        }
        SessionAudit audit = controls.audit();
        if (audit == null) {
            return sendQuery(texts, Request.NONE, refusal);
        }
        long[] numbers = new long[texts.length];
        List<CompletableFuture<Void>> records = new ArrayList<>(2 * texts.length + 1);
        for (int i = 0; i < texts.length; i++) {
            RecordedStatement recorded = audit.query(texts[i], i + 1, texts.length);
            numbers[i] = recorded.number();
            records.add(recorded.durable());
            if (decision != null) {
                records.add(audit.decision(recorded.number(), decision.allowed(), decision.rule(),
                        decision.message()));
            }
        }
        if (decision != null) {
            records.add(audit.force()); // the decisions were appended lazily; each statement was forced itself
        }
        return afterDurable(HeldBatch.allOf(records), 'Q', failure -> sendQuery(texts, numbers,
                refusal != null ? refusal : failure ? Refusals.auditUnavailable() : null));
    }

    private Verdict sendQuery(String[] texts, long[] numbers, ErrorResponse refusal) {
        conversation.sent(new Request(Request.Kind.QUERY, "", numbers, texts, refusal));
        return refusal == null ? Verdict.FORWARD : Verdict.replace(Refusals.markerQuery(conversation.upstream.alloc()));
    }

    /**
     * Refuses a FunctionCall (the gateway cannot check what a function OID does). Recorded as a statement whose
     * text names the message, since it has no SQL, with the refusal as its decision.
     */
    private Verdict functionCall(ByteBuf body) {
        ErrorResponse refusal = Refusals.unsupported("the FunctionCall message");
        log.info("refused a request on {}: {}", controls.target(), refusal.fields().get('M'));
        String[] texts = {"<FunctionCall message: function OID "
                + (body.readableBytes() >= 4 ? Integer.toUnsignedString(body.getInt(body.readerIndex())) : "?")
                + ">"};
        long[] numbers = Request.NONE;
        SessionAudit audit = controls.audit();
        if (audit != null) {
            long number = audit.query(texts[0]).number();
            audit.decision(number, false, "gateway:function-call", refusal.fields().get('M'));
            numbers = new long[] {number};
        }
        return sendQuery(texts, numbers, refusal);
    }

    private Verdict parse(Parse parse, int length) {
        Decision decision = null;
        List<Classification> classification = null;
        if (controls.policy() != null) {
            decision = engine().decide(controls.groups(), controls.target(), parse.query(),
                    conversation.standardConformingStrings);
            classification = decision.statements();
        }
        conversation.prepared.parsed(parse.name(), new PreparedStatements.Statement(parse.query(), classification));
        long number = 0;
        List<CompletableFuture<Void>> records = new ArrayList<>(2);
        SessionAudit audit = controls.audit();
        if (audit != null) {
            RecordedStatement recorded = audit.parse(parse.name(), parse.query(), parse.parameterTypeOids());
            number = recorded.number();
            records.add(recorded.durable());
            if (decision != null) {
                records.add(audit.decision(number, decision.allowed(), decision.rule(), decision.message()));
            }
        }
        if (decision != null && !decision.allowed()) {
            log.info("policy denied a Parse of {} on {}: {}", controls.groups(), controls.target(),
                    decision.message());
            // Into the Parse's own statement: a failed Parse of the unnamed statement drops it, as here.
            return release(refuseExtended(Refusals.denied(decision.message()), number, parse.name()), 'P');
        }
        // Numbered, so that an error the server reports for the Parse itself (a syntax error, an unknown table,
        // a transaction already aborted) is recorded as that statement's outcome.
        Request request = new Request(Request.Kind.PARSE, parse.name(), numbered(number),
                new String[] {parse.query()}, null);
        conversation.sent(request);
        return audit == null ? Verdict.FORWARD : hold(records, length, 'P', request, parse.name());
    }

    private Verdict bind(ByteBuf body, int length) {
        Bind bind = Bind.decode(body);
        try {
            PreparedStatements.Statement statement = conversation.prepared.statement(bind.statement());
            Decision decision = null;
            ErrorResponse refusal = null;
            if (controls.policy() != null) {
                if (statement == null || statement.classification == null) {
                    // Prepared with SQL PREPARE, or before the policy applied: its text was never decided on.
                    refusal = Refusals.denied("hoopgw: policy cannot check prepared statement \""
                            + bind.statement() + "\": prepare it with a Parse message through the gateway");
                } else {
                    decision = engine().decide(controls.groups(), controls.target(), statement.classification);
                    refusal = decision.allowed() ? null : Refusals.denied(decision.message());
                }
            }
            long number = 0;
            List<CompletableFuture<Void>> records = new ArrayList<>(1);
            SessionAudit audit = controls.audit();
            if (audit != null) {
                RecordedStatement recorded = audit.bind(bind);
                number = recorded.number();
                records.add(recorded.durable());
                if (refusal != null) {
                    audit.decision(number, false, decision == null ? "unknown-statement" : decision.rule(),
                            refusal.fields().get('M'));
                }
            }
            if (refusal != null) {
                return release(refuseExtended(refusal, number, Refusals.MARKER_STATEMENT), 'B');
            }
            conversation.prepared.bound(bind.portal(),
                    new PreparedStatements.Portal(bind.statement(), bind.resultFormats()));
            // Numbered, so that an error in the Bind (a value that does not fit its type) is recorded.
            Request request = new Request(Request.Kind.BIND, bind.portal(), numbered(number),
                    statement == null ? Request.NO_TEXTS : new String[] {statement.text}, null);
            conversation.sent(request);
            return audit == null ? Verdict.FORWARD : hold(records, length, 'B', request, null);
        } finally {
            bind.release();
        }
    }

    private Verdict execute(Execute execute, int length) {
        PreparedStatements.Portal portal = conversation.prepared.portal(execute.portal());
        PreparedStatements.Statement statement = portal == null ? null
                : conversation.prepared.statement(portal.statement());
        String[] texts = statement == null ? Request.NO_TEXTS : new String[] {statement.text};
        SessionAudit audit = controls.audit();
        if (audit == null) {
            conversation.sent(new Request(Request.Kind.EXECUTE, execute.portal(), Request.NONE, texts, null));
            return Verdict.FORWARD;
        }
        RecordedStatement recorded = audit.execute(execute.portal(), execute.maxRows());
        Request request = new Request(Request.Kind.EXECUTE, execute.portal(), new long[] {recorded.number()}, texts,
                null);
        conversation.pending.sent(request);
        // Held too: PostgreSQL need not answer before a Sync or Flush, which release the batch, so a batch of
        // Executes (a pgjdbc executeBatch) costs one fsync, not one per row.
        return hold(List.of(recorded.durable()), length, 'E', request, null);
    }

    private Verdict describe(Describe describe, int length) {
        Request request = Request.of(describe.kind() == TargetKind.STATEMENT ? Request.Kind.DESCRIBE_STATEMENT
                : Request.Kind.DESCRIBE_PORTAL, describe.name());
        conversation.sent(request);
        return held.isEmpty() ? Verdict.FORWARD : hold(List.of(), length, 'D', request, null);
    }

    private Verdict close(Close close, int length) {
        if (close.kind() == TargetKind.STATEMENT) {
            conversation.prepared.closedStatement(close.name());
        } else {
            conversation.prepared.closedPortal(close.name());
        }
        Request request = Request.of(Request.Kind.CLOSE, close.name());
        conversation.sent(request);
        return held.isEmpty() ? Verdict.FORWARD : hold(List.of(), length, 'C', request, null);
    }

    /**
     * Ends a COPY FROM STDIN. CopyDone is what makes PostgreSQL keep the data, so it waits until the record of the
     * data (bytes, digest, first lines) is durable; when that cannot be written, the COPY is failed instead
     * (CopyFail) and the client gets 58030 in place of the server's error.
     */
    private Verdict copyDone() {
        conversation.copyingIn = false;
        CopyCapture capture = conversation.copyIn;
        if (capture == null) {
            return release(Verdict.FORWARD, 'c');
        }
        conversation.copyIn = null;
        Request copy = conversation.pending.head();
        return afterDurable(capture.finish(), 'c', failure -> {
            if (!failure) {
                return Verdict.FORWARD;
            }
            if (copy != null) {
                copy.refusal = Refusals.auditUnavailable();
            }
            return Verdict.replace(Refusals.copyFail(conversation.upstream.alloc()));
        });
    }

    /**
     * Refuses an extended-protocol message: the marker fails upstream, and the client's messages up to Sync go.
     *
     * @param markerStatement the statement the marker is parsed into: the refused Parse's own, else
     *                        {@link Refusals#MARKER_STATEMENT}, so that the client's statements stay as they were
     */
    private Verdict refuseExtended(ErrorResponse refusal, long number, String markerStatement) {
        conversation.discardingUntilSync = true;
        conversation.sent(new Request(Request.Kind.MARKER, "", numbered(number), Request.NO_TEXTS, refusal));
        return Verdict.replace(Refusals.markerParse(conversation.upstream.alloc(), markerStatement));
    }

    /** The statement numbers of a request with one record, {@code number} (none when 0: not recording). */
    private static long[] numbered(long number) {
        return number == 0 ? Request.NONE : new long[] {number};
    }

    /**
     * Holds a message back until a later one releases the batch (see above). {@code request} is what the message
     * registered; {@code parseName} its statement when it is a Parse. Past {@link #HOLD_LIMIT} held bytes, the
     * batch is released now instead, and reads pause until that is done.
     */
    private Verdict hold(List<CompletableFuture<Void>> records, int length, int tag, Request request,
            String parseName) {
        return held.add(records, length, request, parseName) > HOLD_LIMIT ? release(Verdict.FORWARD, tag)
                : Verdict.HOLD;
    }

    /** Applies {@code verdict}, of a message with no record of its own, once the held records are durable. */
    private Verdict release(Verdict verdict, int tag) {
        if (held.isEmpty()) {
            return verdict;
        }
        return afterDurable(controls.audit().force(), tag, failure -> verdict);
    }

    /**
     * Holds the stream until {@code own} and the records of every held message are durable, then applies {@code
     * next} on the event loop with whether a record failed (the held messages going upstream just before). When
     * messages were held and a record failed, {@code next} is not called: the batch is refused instead.
     */
    private Verdict afterDurable(CompletableFuture<Void> own, int tag, Function<Boolean, Verdict> next) {
        if (held.isEmpty()) {
            return whenDurable(own, next);
        }
        HeldBatch.Released batch = held.release(own);
        return whenDurable(batch.durable(), failure -> {
            if (failure) {
                return refuseHeld(tag, batch.first(), batch.markerStatement(), next);
            }
            batch.executes().forEach(conversation::startTimeout); // the batch goes upstream with the verdict
            return next.apply(false);
        });
    }

    /**
     * Refuses a batch whose records could not all be written: neither the held messages nor this one ({@code tag})
     * go upstream. A marker stands for the batch, so that PostgreSQL fails it and skips to Sync (the marker parses
     * into {@code statement}, see {@link HeldBatch#add}); its error reaches the
     * client as 58030 for the batch's first message. What follows the held messages up to Sync is skipped, as
     * PostgreSQL skips it after an error in the batch (a Query or a FunctionCall too); only a message of no known
     * kind ends the session instead.
     */
    private Verdict refuseHeld(int tag, Request first, String statement, Function<Boolean, Verdict> next) {
        Verdict discarded = next.apply(true);
        if (discarded instanceof Verdict.Replace replace) {
            replace.bytes().release();
        }
        first.refusal = Refusals.auditUnavailable();
        ByteBuf marker = Refusals.markerParse(conversation.upstream.alloc(),
                statement != null ? statement : Refusals.MARKER_STATEMENT);
        switch (tag) {
            case 'S', 'H', 'X' -> marker.writeByte(tag).writeInt(4); // bodiless: the message itself, after the marker
            // PostgreSQL ignores CopyData, CopyDone and CopyFail outside a COPY: the marker can stand in their place.
            case 'P', 'B', 'D', 'C', 'E', 'd', 'c', 'f', 'Q', 'F' -> conversation.discardingUntilSync = true;
            default -> {
                marker.release();
                throw new ConversationAbort(SqlState.IO_ERROR, "the audit log cannot be written, so the statements "
                        + "sent since the last Sync were not run and the session cannot go on");
            }
        }
        return Verdict.discardingHeld(Verdict.replace(marker));
    }

    /**
     * Holds the stream until {@code durable} completes, then applies {@code next} on the event loop with whether
     * the record failed.
     */
    private Verdict whenDurable(CompletableFuture<Void> durable, Function<Boolean, Verdict> next) {
        if (durable.isDone()) {
            return next.apply(durable.isCompletedExceptionally());
        }
        return Verdict.later(durable.handleAsync((ignored, error) -> {
            if (error != null) {
                log.error("audit record failed, refusing the statement: {}", error.toString());
            }
            return next.apply(error != null);
        }, conversation.client.eventLoop()));
    }

    private PolicyEngine engine() {
        return controls.policy().current();
    }
}
