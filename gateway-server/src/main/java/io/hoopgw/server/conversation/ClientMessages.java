package io.hoopgw.server.conversation;

import io.hoopgw.audit.CopyCapture;
import io.hoopgw.audit.RecordedStatement;
import io.hoopgw.audit.SessionAudit;
import io.hoopgw.core.policy.Decision;
import io.hoopgw.core.policy.PolicyEngine;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the controls to what the client sends: each statement is decided by the policy and recorded, and is
 * forwarded only once allowed and its record is durable. A refused request is replaced upstream by a
 * {@linkplain Refusals marker}, so PostgreSQL keeps the session's state exactly as after an error.
 *
 * <p>Only messages that execute SQL (Query, Execute) wait for their records; a Parse or Bind executes nothing, and
 * its record is written before the Execute's (one log, written in order), so one fsync covers the whole batch.
 */
final class ClientMessages implements FramedRelayHandler.Inspector {
    private static final Logger log = LoggerFactory.getLogger(ClientMessages.class);

    private final Conversation conversation;
    private final SessionControls controls;

    ClientMessages(Conversation conversation) {
        this.conversation = conversation;
        this.controls = conversation.controls;
    }

    @Override
    public Verdict inspect(byte tag, ByteBuf buffer, int index, int length) {
        if (conversation.discardingUntilSync) {
            if (tag == 'S') {
                conversation.discardingUntilSync = false;
            } else if (tag != 'X') {
                return Verdict.DROP; // as PostgreSQL ignores everything after an error up to Sync
            }
        }
        return switch (tag) {
            case 'Q' -> query(Query.decode(body(buffer, index, length)));
            case 'P' -> parse(Parse.decode(body(buffer, index, length)));
            case 'B' -> bind(body(buffer, index, length));
            case 'E' -> execute(Execute.decode(body(buffer, index, length)));
            case 'D' -> describe(Describe.decode(body(buffer, index, length)));
            case 'C' -> close(Close.decode(body(buffer, index, length)));
            case 'S' -> {
                if (!conversation.copyingIn) {
                    conversation.sent(Request.of(Request.Kind.SYNC, ""));
                }
                yield Verdict.FORWARD;
            }
            case 'd' -> {
                if (conversation.copyIn != null) {
                    conversation.copyIn.data(body(buffer, index, length));
                }
                yield Verdict.FORWARD;
            }
            case 'c' -> copyDone();
            case 'f' -> {
                conversation.copyingIn = false;
                if (conversation.copyIn != null) {
                    conversation.copyIn.finish(); // the COPY fails: nothing of it is kept to wait for
                    conversation.copyIn = null;
                }
                yield Verdict.FORWARD;
            }
            case 'F' -> refuseQuery(Refusals.unsupported("the FunctionCall message"), Request.NONE);
            default -> Verdict.FORWARD;
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
        CompletableFuture<Void> durable = null;
        for (int i = 0; i < texts.length; i++) {
            RecordedStatement recorded = audit.query(texts[i], i + 1, texts.length);
            numbers[i] = recorded.number();
            durable = recorded.durable();
            if (decision != null) {
                durable = audit.decision(recorded.number(), decision.allowed(), decision.rule(), decision.message());
            }
        }
        return afterDurable(durable, failure -> sendQuery(texts, numbers,
                refusal != null ? refusal : failure ? Refusals.auditUnavailable() : null));
    }

    private Verdict sendQuery(String[] texts, long[] numbers, ErrorResponse refusal) {
        conversation.sent(new Request(Request.Kind.QUERY, "", numbers, texts, refusal));
        return refusal == null ? Verdict.FORWARD : Verdict.replace(Refusals.markerQuery(conversation.upstream.alloc()));
    }

    private Verdict refuseQuery(ErrorResponse refusal, long[] numbers) {
        log.info("refused a request on {}: {}", controls.target(), refusal.fields().get('M'));
        return sendQuery(Request.NO_TEXTS, numbers, refusal);
    }

    private Verdict parse(Parse parse) {
        Decision decision = null;
        List<Classification> classification = null;
        if (controls.policy() != null) {
            decision = engine().decide(controls.groups(), controls.target(), parse.query(),
                    conversation.standardConformingStrings);
            classification = decision.statements();
        }
        conversation.prepared.parsed(parse.name(), new PreparedStatements.Statement(parse.query(), classification));
        long number = 0;
        SessionAudit audit = controls.audit();
        if (audit != null) {
            number = audit.parse(parse.name(), parse.query(), parse.parameterTypeOids()).number();
            if (decision != null) {
                audit.decision(number, decision.allowed(), decision.rule(), decision.message());
            }
        }
        if (decision != null && !decision.allowed()) {
            log.info("policy denied a Parse of {} on {}: {}", controls.groups(), controls.target(),
                    decision.message());
            // Into the Parse's own statement: a failed Parse of the unnamed statement drops it, as here.
            return refuseExtended(Refusals.denied(decision.message()), number, parse.name());
        }
        // Numbered, so that an error the server reports for the Parse itself (a syntax error, an unknown table,
        // a transaction already aborted) is recorded as that statement's outcome.
        conversation.sent(new Request(Request.Kind.PARSE, parse.name(), numbered(number),
                new String[] {parse.query()}, null));
        return Verdict.FORWARD;
    }

    private Verdict bind(ByteBuf body) {
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
            SessionAudit audit = controls.audit();
            if (audit != null) {
                number = audit.bind(bind).number();
                if (refusal != null) {
                    audit.decision(number, false, decision == null ? "unknown-statement" : decision.rule(),
                            refusal.fields().get('M'));
                }
            }
            if (refusal != null) {
                return refuseExtended(refusal, number, Refusals.MARKER_STATEMENT);
            }
            conversation.prepared.bound(bind.portal(),
                    new PreparedStatements.Portal(bind.statement(), bind.resultFormats()));
            // Numbered, so that an error in the Bind (a value that does not fit its type) is recorded.
            conversation.sent(new Request(Request.Kind.BIND, bind.portal(), numbered(number),
                    statement == null ? Request.NO_TEXTS : new String[] {statement.text}, null));
            return Verdict.FORWARD;
        } finally {
            bind.release();
        }
    }

    private Verdict execute(Execute execute) {
        PreparedStatements.Portal portal = conversation.prepared.portal(execute.portal());
        PreparedStatements.Statement statement = portal == null ? null
                : conversation.prepared.statement(portal.statement());
        String[] texts = statement == null ? Request.NO_TEXTS : new String[] {statement.text};
        SessionAudit audit = controls.audit();
        if (audit == null) {
            return sendExecute(execute, Request.NONE, texts);
        }
        RecordedStatement recorded = audit.execute(execute.portal(), execute.maxRows());
        long[] numbers = {recorded.number()};
        return afterDurable(recorded.durable(), failure -> failure
                ? refuseExtended(Refusals.auditUnavailable(), recorded.number(), Refusals.MARKER_STATEMENT)
                : sendExecute(execute, numbers, texts));
    }

    private Verdict sendExecute(Execute execute, long[] numbers, String[] texts) {
        conversation.sent(new Request(Request.Kind.EXECUTE, execute.portal(), numbers, texts, null));
        return Verdict.FORWARD;
    }

    private Verdict describe(Describe describe) {
        conversation.sent(Request.of(describe.kind() == TargetKind.STATEMENT ? Request.Kind.DESCRIBE_STATEMENT
                : Request.Kind.DESCRIBE_PORTAL, describe.name()));
        return Verdict.FORWARD;
    }

    private Verdict close(Close close) {
        if (close.kind() == TargetKind.STATEMENT) {
            conversation.prepared.closedStatement(close.name());
        } else {
            conversation.prepared.closedPortal(close.name());
        }
        conversation.sent(Request.of(Request.Kind.CLOSE, close.name()));
        return Verdict.FORWARD;
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
            return Verdict.FORWARD;
        }
        conversation.copyIn = null;
        Request copy = conversation.pending.head();
        return afterDurable(capture.finish(), failure -> {
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
     * Holds the stream until {@code durable} completes, then applies {@code next} on the event loop with whether
     * the record failed.
     */
    private Verdict afterDurable(CompletableFuture<Void> durable, java.util.function.Function<Boolean, Verdict> next) {
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
