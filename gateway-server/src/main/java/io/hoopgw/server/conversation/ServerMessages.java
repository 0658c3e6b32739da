package io.hoopgw.server.conversation;

import io.hoopgw.audit.CopyCapture;
import io.hoopgw.audit.Outcome;
import io.hoopgw.audit.SessionAudit;
import io.hoopgw.audit.schema.CopyDirection;
import io.hoopgw.core.mask.ColumnRule;
import io.hoopgw.core.mask.CopyFormat;
import io.hoopgw.core.mask.CopyRowMasker;
import io.hoopgw.core.mask.Masker;
import io.hoopgw.core.mask.MessageMasker;
import io.hoopgw.core.protocol.SqlState;
import io.hoopgw.core.protocol.backend.CommandComplete;
import io.hoopgw.core.protocol.backend.CopyInResponse;
import io.hoopgw.core.protocol.backend.CopyOutResponse;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.core.protocol.backend.NoticeField;
import io.hoopgw.core.protocol.backend.NoticeResponse;
import io.hoopgw.core.protocol.backend.NotificationResponse;
import io.hoopgw.core.protocol.backend.ParameterDescription;
import io.hoopgw.core.protocol.backend.ParameterStatus;
import io.hoopgw.core.protocol.backend.RowDescription;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.hoopgw.core.sql.CopyToStdout;
import io.hoopgw.server.mask.ColumnCatalog;
import io.hoopgw.server.relay.FramedRelayHandler;
import io.hoopgw.server.relay.Verdict;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the controls to what the server sends: each response is attributed to the request it answers, rows are
 * masked, counted against the policy's row limit and recorded as the client receives them, and outcomes are
 * recorded per statement. Refusal markers' errors are replaced by the gateway's own.
 */
final class ServerMessages implements FramedRelayHandler.Inspector {
    private static final Logger log = LoggerFactory.getLogger(ServerMessages.class);

    private final Conversation conversation;
    private final SessionControls controls;
    private final ColumnRules columnRules;
    private final MessageMasker messageMasker;
    private final ByteBufAllocator alloc;
    /** The result whose rows are arriving, or null. */
    private ResultStream result;
    private CopyCapture copyOut;
    private CopyRowMasker copyMasker;
    /** The masker of that COPY's header line: the detectors only. */
    private CopyRowMasker copyHeaderMasker;
    /** The rows of the COPY TO STDOUT in progress so far, counted against the row limit; -1 when none is. */
    private long copyRows = -1;
    /** Whether that COPY is binary: its last CopyData is the trailer, not a row. */
    private boolean copyBinary;
    /** Whether that COPY's next CopyData is its CSV header line, not a row. */
    private boolean copyHeaderPending;
    /** The transaction status of the last ReadyForQuery: {@code I} idle, {@code T} in a block, {@code E} failed. */
    private byte transactionStatus = 'I';
    /** Statements completed since the last ReadyForQuery (in the same transaction, implicit or not). */
    private int statementsSinceReady;
    /** After the gateway stopped a result: the server's responses are dropped up to its next ReadyForQuery. */
    private boolean dropping;

    ServerMessages(Conversation conversation) {
        this.conversation = conversation;
        this.controls = conversation.controls;
        this.columnRules = new ColumnRules(controls);
        this.messageMasker = controls.masker() == null ? null : controls.masker().messageMasker(controls.counts());
        this.alloc = conversation.client.alloc();
    }

    @Override
    public Verdict inspect(byte tag, ByteBuf buffer, int index, int length) {
        if (dropping && tag != 'Z' && tag != 'S' && tag != 'N' && tag != 'A' && tag != 'E') {
            return Verdict.DROP;
        }
        return switch (tag) {
            case 'D' -> dataRow(buffer, index, length);
            case 'C' -> commandComplete(body(buffer, index, length));
            case 'T' -> rowDescription(RowDescription.decode(body(buffer, index, length)));
            case 'Z' -> readyForQuery(buffer.getByte(index + 5));
            case 'E' -> error(ErrorResponse.decode(body(buffer, index, length)));
            case 'N' -> notice(NoticeResponse.decode(body(buffer, index, length)));
            case 'A' -> notification(NotificationResponse.decode(body(buffer, index, length)));
            case 'S' -> parameterStatus(ParameterStatus.decode(body(buffer, index, length)));
            case '1', '2', '3' -> {
                conversation.pending.answered();
                yield Verdict.FORWARD;
            }
            case 't' -> parameterDescription(ParameterDescription.decode(body(buffer, index, length)));
            case 'n' -> noData();
            case 'I' -> emptyQuery();
            case 's' -> portalSuspended();
            case 'G' -> copyIn(CopyInResponse.decode(body(buffer, index, length)));
            case 'H' -> copyOut(CopyOutResponse.decode(body(buffer, index, length)));
            case 'd' -> copyData(body(buffer, index, length));
            case 'c' -> copyDone();
            default -> Verdict.FORWARD;
        };
    }

    private static ByteBuf body(ByteBuf buffer, int index, int length) {
        return buffer.slice(index + 5, length - 5);
    }

    private Request head() {
        return conversation.pending.head();
    }

    private Verdict dataRow(ByteBuf buffer, int index, int length) {
        if (result == null) {
            Request head = head();
            ResolvedColumns columns = executeColumns(head);
            if (columns == null && controls.masker() != null) {
                return stop(head, SqlState.SYSTEM_ERROR, "cannot mask the rows of a statement whose columns were "
                        + "never described; describe the statement or portal before executing it");
            }
            result = newResult(head, columns == null ? ResolvedColumns.unmasked(List.of()) : columns);
        }
        ResultStream rows = result;
        rows.rows++;
        long maxRows = controls.guardrails().maxRows();
        if (maxRows > 0 && rows.earlierRows + rows.rows > maxRows) {
            return stop(head(), SqlState.PROGRAM_LIMIT_EXCEEDED, "the result passed the policy's limit of " + maxRows
                    + " rows and was stopped; narrow the query or add a LIMIT");
        }
        ByteBuf masked = rows.masker == null ? null : rows.masker.maskBody(buffer, index + 5, length - 5);
        if (rows.capture != null) {
            if (masked != null) {
                rows.capture.dataRow(masked);
            } else {
                rows.capture.dataRow(buffer, index, length);
            }
        }
        return masked == null ? Verdict.FORWARD : Verdict.replace(masked);
    }

    /** The columns of an Execute's rows: from a Describe of its portal, or of its statement with the Bind's formats. */
    private ResolvedColumns executeColumns(Request head) {
        if (head == null || head.kind != Request.Kind.EXECUTE) {
            return null;
        }
        ResolvedColumns described = conversation.prepared.portalColumns(head.name);
        if (described != null) {
            return described;
        }
        PreparedStatements.Portal portal = conversation.prepared.portal(head.name);
        PreparedStatements.Statement statement = portal == null ? null
                : conversation.prepared.statement(portal.statement());
        if (statement == null || statement.columns == null) {
            return null;
        }
        return statement.columns.withFormats(portal.resultFormats());
    }

    private ResultStream newResult(Request head, ResolvedColumns columns) {
        SessionAudit audit = controls.audit();
        long statement = head == null ? 0 : head.statement();
        ResultStream stream = new ResultStream(
                controls.masker() == null ? null : controls.masker().rowMasker(columns.maskColumns(),
                        controls.counts()),
                audit == null || statement == 0 ? null : audit.result(statement, columns.resultColumns()),
                controls.counts());
        if (head != null && head.kind == Request.Kind.EXECUTE) {
            stream.earlierRows = conversation.prepared.rowsSoFar(head.name);
        }
        return stream;
    }

    private void finishResult() {
        if (result != null) {
            result.finish();
            result = null;
        }
    }

    private Verdict rowDescription(RowDescription description) {
        Request head = head();
        CompletableFuture<ResolvedColumns> resolving = columnRules.resolve(description.fields());
        if (resolving.isDone() && !resolving.isCompletedExceptionally()) {
            return described(head, resolving.join());
        }
        return Verdict.later(resolving.handleAsync((columns, failure) -> {
            if (failure != null) {
                log.error("cannot resolve the masking rules of a result on {}: {}", controls.target(),
                        failure.toString());
                return stop(head, SqlState.SYSTEM_ERROR,
                        "cannot resolve the masking rules for this result, so it was withheld; retry later");
            }
            return described(head, columns);
        }, conversation.client.eventLoop()));
    }

    private Verdict described(Request head, ResolvedColumns columns) {
        if (head == null) {
            return Verdict.FORWARD;
        }
        switch (head.kind) {
            case DESCRIBE_STATEMENT -> {
                PreparedStatements.Statement statement = conversation.prepared.statement(head.name);
                if (statement != null) {
                    statement.fields = columns.fields();
                    statement.columns = columns;
                }
                conversation.pending.answered();
            }
            case DESCRIBE_PORTAL -> {
                conversation.prepared.describedPortal(head.name, columns);
                // Later Binds of the same statement (pgjdbc describes only the first) reuse its columns.
                PreparedStatements.Portal portal = conversation.prepared.portal(head.name);
                PreparedStatements.Statement statement = portal == null ? null
                        : conversation.prepared.statement(portal.statement());
                if (statement != null && statement.columns == null) {
                    statement.fields = columns.fields();
                    statement.columns = columns;
                }
                conversation.pending.answered();
            }
            default -> {
                finishResult();
                result = newResult(head, columns);
            }
        }
        return Verdict.FORWARD;
    }

    private Verdict noData() {
        Request head = head();
        if (head != null && (head.kind == Request.Kind.DESCRIBE_STATEMENT
                || head.kind == Request.Kind.DESCRIBE_PORTAL)) {
            return described(head, ResolvedColumns.unmasked(List.of()));
        }
        return Verdict.FORWARD;
    }

    private Verdict parameterDescription(ParameterDescription description) {
        Request head = head();
        if (controls.audit() != null && head != null && head.kind == Request.Kind.DESCRIBE_STATEMENT) {
            controls.audit().parameterTypes(head.name, description.parameterTypeOids());
        }
        return Verdict.FORWARD;
    }

    private Verdict commandComplete(ByteBuf body) {
        Request head = head();
        finishResult();
        boolean catalog = controls.catalog() != ColumnCatalog.NONE;
        if (controls.audit() != null || controls.masker() != null || catalog) {
            String tag = CommandComplete.decode(body).tag();
            recordOutcome(head, Outcome.completed(tag, elapsed(head)));
            if (catalog && mayRenameColumns(tag)) {
                // Whoever runs it, exempt from every rule or not: the names are cached for all sessions.
                controls.catalog().invalidate(controls.target());
            }
        }
        if (head != null && head.kind == Request.Kind.EXECUTE) {
            conversation.prepared.portalCompleted(head.name);
        }
        nextStatement(head);
        return Verdict.FORWARD;
    }

    private Verdict emptyQuery() {
        Request head = head();
        recordOutcome(head, Outcome.emptyQuery(elapsed(head)));
        nextStatement(head);
        return Verdict.FORWARD;
    }

    private Verdict portalSuspended() {
        Request head = head();
        long rows = result == null ? 0 : result.rows;
        finishResult();
        if (head != null && head.kind == Request.Kind.EXECUTE) {
            // The portal goes on at its next Execute: the row limit counts its rows across all of them.
            conversation.prepared.suspended(head.name, rows);
        }
        recordOutcome(head, Outcome.suspended(rows, elapsed(head)));
        nextStatement(head);
        return Verdict.FORWARD;
    }

    /** A statement ended: a Query moves on to its next statement, an Execute is answered. */
    private void nextStatement(Request head) {
        statementsSinceReady++;
        if (head == null) {
            return;
        }
        if (head.kind == Request.Kind.QUERY) {
            head.current++;
        } else if (head.kind == Request.Kind.EXECUTE) {
            conversation.pending.answered();
        }
    }

    private Verdict error(ErrorResponse error) {
        Request head = head();
        if (error.severity() != ErrorResponse.Severity.ERROR) {
            return forwardMasked(error); // FATAL or PANIC: the session is ending, whatever was pending
        }
        if (dropping) {
            return Verdict.DROP; // e.g. the cancel of a result the gateway already stopped
        }
        ErrorResponse outgoing;
        if (head != null && head.refusal != null && !head.failed) {
            outgoing = head.refusal;
        } else if ((conversation.cancelledForTimeout || head != null && head.timedOut)
                && SqlState.QUERY_CANCELED.code().equals(error.sqlState())) {
            outgoing = Refusals.resultStopped(SqlState.QUERY_CANCELED, "canceling statement due to the "
                    + "policy's statement timeout of " + seconds(controls.guardrails().statementTimeout()));
        } else {
            outgoing = messageMasker == null ? error : messageMasker.mask(error);
        }
        failed(head, outgoing);
        return outgoing == error ? Verdict.FORWARD : Verdict.replace(Refusals.encode(alloc, outgoing));
    }

    /** The head request failed with {@code error} (sent to the client): record it and follow PostgreSQL's rules. */
    private void failed(Request head, ErrorResponse error) {
        finishResult();
        finishCopies();
        recordOutcome(head, Outcome.failed(String.valueOf(error.sqlState()), String.valueOf(error.message()),
                elapsed(head)));
        if (head == null) {
            return;
        }
        if (head.kind.extended()) {
            conversation.pending.failedExtended();
        } else {
            head.failed = true;
        }
    }

    /**
     * Stops the head request's response in place of the current message: the client gets {@code message} as an
     * error, the server's remaining responses up to ReadyForQuery are dropped, and the upstream statement is
     * cancelled so that it stops producing them.
     */
    private Verdict stop(Request head, SqlState state, String message) {
        ErrorResponse error = Refusals.resultStopped(state, message);
        log.info("stopped a result on {}: {}", controls.target(), message);
        failed(head, error);
        if (head != null && head.kind.extended() && conversation.pending.head() == null) {
            // The client's Sync has not come yet: what it sends until then is dropped, as after an error.
            conversation.discardingUntilSync = true;
        }
        dropping = true;
        conversation.cancelUpstream();
        return Verdict.replace(Refusals.encode(alloc, error));
    }

    private Verdict readyForQuery(byte status) {
        transactionStatus = status;
        statementsSinceReady = 0;
        dropping = false;
        conversation.cancelledForTimeout = false;
        finishResult();
        conversation.pending.readyForQuery();
        io.netty.util.concurrent.Future<?> cancelling = conversation.cancelling;
        conversation.cancelling = null;
        if (cancelling == null || cancelling.isDone()) {
            return Verdict.FORWARD;
        }
        CompletableFuture<Verdict> taken = new CompletableFuture<>();
        cancelling.addListener(done -> taken.complete(Verdict.FORWARD));
        return Verdict.later(taken);
    }

    private Verdict notice(NoticeResponse notice) {
        NoticeResponse outgoing = messageMasker == null ? notice : messageMasker.mask(notice);
        if (controls.audit() != null) {
            String severity = outgoing.field(NoticeField.SEVERITY_NON_LOCALIZED);
            controls.audit().notice(severity != null ? severity : String.valueOf(outgoing.field(NoticeField.SEVERITY)),
                    String.valueOf(outgoing.sqlState()), String.valueOf(outgoing.message()));
        }
        return outgoing == notice ? Verdict.FORWARD : Verdict.replace(encode(outgoing));
    }

    private Verdict notification(NotificationResponse notification) {
        NotificationResponse outgoing = messageMasker == null ? notification : messageMasker.mask(notification);
        if (controls.audit() != null) {
            controls.audit().notification(outgoing.processId(), outgoing.channel(), outgoing.payload());
        }
        return outgoing == notification ? Verdict.FORWARD : Verdict.replace(encode(outgoing));
    }

    private Verdict forwardMasked(ErrorResponse error) {
        ErrorResponse outgoing = messageMasker == null ? error : messageMasker.mask(error);
        return outgoing == error ? Verdict.FORWARD : Verdict.replace(Refusals.encode(alloc, outgoing));
    }

    private Verdict parameterStatus(ParameterStatus status) {
        switch (status.name()) {
            case "standard_conforming_strings" -> conversation.standardConformingStrings = "on".equals(status.value());
            case "client_encoding" -> {
                if (!"UTF8".equalsIgnoreCase(status.value())) {
                    // The SQL lexer reads UTF-8; in another encoding a quote byte inside a character could hide a
                    // statement from the policy. The session cannot safely go on.
                    throw new ConversationAbort(SqlState.FEATURE_NOT_SUPPORTED,
                            "client_encoding must stay UTF8 through the gateway, not " + status.value());
                }
            }
            default -> {
            }
        }
        return Verdict.FORWARD;
    }

    private Verdict copyIn(CopyInResponse response) {
        Request head = head();
        conversation.copyingIn = true;
        conversation.pending.copyInStarted();
        if (controls.audit() != null && head != null && head.statement() != 0) {
            conversation.copyIn = controls.audit().copy(head.statement(), CopyDirection.IN,
                    response.overallFormat() != 0);
        }
        return Verdict.FORWARD;
    }

    private Verdict copyOut(CopyOutResponse response) {
        Request head = head();
        boolean binary = response.overallFormat() != 0;
        copyRows = 0;
        copyBinary = binary;
        CopyToStdout copy = null;
        String unreadable;
        try {
            copy = head == null || head.text() == null ? null
                    : CopyToStdout.parse(head.text(), conversation.standardConformingStrings);
            unreadable = copy == null ? "its statement is not known" : null;
        } catch (CopyToStdout.Unreadable e) {
            unreadable = e.getMessage();
        }
        // A header line comes as a CopyData of its own, before the rows.
        copyHeaderPending = !binary && (copy != null ? copy.header() : head != null && head.text() != null
                && head.text().toLowerCase(Locale.ROOT).matches("(?s).*\\bheader\\b.*"));
        Masker masker = controls.masker();
        if (masker == null) {
            return copyStarted(head, binary);
        }
        if (binary || copy != null && copy.format() == CopyToStdout.Format.BINARY) {
            return stop(head, SqlState.FEATURE_NOT_SUPPORTED,
                    "binary COPY cannot be masked; use COPY in text or CSV format");
        }
        if (copy == null) {
            return stop(head, SqlState.FEATURE_NOT_SUPPORTED, "COPY TO cannot be masked, since the gateway cannot "
                    + "tell how its rows are written: " + unreadable + "; use plain options or SELECT");
        }
        CopyFormat format = new CopyFormat(copy.format() == CopyToStdout.Format.CSV, copy.delimiter(), copy.quote(),
                copy.escape(), copy.nullString());
        if (masker.columnRules().isEmpty()) {
            // Without the columns' names, FORCE_QUOTE (a, b) cannot be placed: the masker infers it.
            return copyMasked(head, format, List.of(), copy.forceQuote() == null ? i -> true
                    : copy.forceQuote().isEmpty() ? i -> false : null);
        }
        if (copy.query() != null && !conversation.standardConformingStrings) {
            return refuseCopy(head, "with standard_conforming_strings off its query may read differently on the "
                    + "gateway's catalog connection");
        }
        if (transactionStatus != 'I' || statementsSinceReady > 0) {
            // Tables and columns created, renamed or dropped earlier in the same transaction are not yet what the
            // catalog's own connection sees, so it could describe other columns than the ones copied.
            return refuseCopy(head, "it runs in a transaction after other statements, whose changes the gateway's "
                    + "catalog connection cannot see; run it on its own, outside a transaction block");
        }
        // COPY's rows carry no RowDescription: the copied columns are described on the catalog's connection.
        int columns = response.columnFormats().size();
        CopyToStdout statement = copy;
        return Verdict.later(columnRules.copyColumns(statement).handleAsync((copied, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                String reason = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
                log.info("cannot describe the columns of a COPY on {}: {}", controls.target(), reason);
                return refuseCopy(head, "the gateway cannot describe its columns (" + reason + ")");
            }
            if (copied.size() != columns) {
                return refuseCopy(head, "the gateway's catalog connection sees " + copied.size() + " columns where "
                        + "the server copies " + columns);
            }
            return copyMasked(head, format, columnRules.copyRules(copied), forceQuote(statement, copied));
        }, conversation.client.eventLoop()));
    }

    /** Refuses a COPY TO to an identity under column rules whose copied columns cannot be told for certain. */
    private Verdict refuseCopy(Request head, String reason) {
        return stop(head, SqlState.FEATURE_NOT_SUPPORTED, "COPY TO cannot apply the column masking rules that "
                + "apply to you (" + String.join(", ", controls.masker().columnRules().stream().map(ColumnRule::name)
                .toList()) + "): " + reason + "; read the data with SELECT instead");
    }

    /** Which of a COPY's fields FORCE_QUOTE names: PostgreSQL looks the names up among the copied columns'. */
    private static IntPredicate forceQuote(CopyToStdout copy, List<ColumnCatalog.CopiedColumn> copied) {
        if (copy.forceQuote() == null) {
            return i -> true;
        }
        boolean[] forced = new boolean[copied.size()];
        for (int i = 0; i < forced.length; i++) {
            forced[i] = copy.forceQuote().contains(copied.get(i).name());
        }
        return i -> i < forced.length && forced[i];
    }

    /**
     * Starts masking a COPY TO's rows: column rules per field, then the detectors, as for DataRows.
     *
     * @param forceQuote the fields FORCE_QUOTE names, or null when not known
     */
    private Verdict copyMasked(Request head, CopyFormat format, List<ColumnRule> fieldRules,
            IntPredicate forceQuote) {
        controls.counts().reset();
        Masker masker = controls.masker();
        copyMasker = forceQuote == null ? masker.copyRowMasker(format, fieldRules, controls.counts())
                : masker.copyRowMasker(format, fieldRules, forceQuote, controls.counts());
        // The header line names the columns: no column rule applies to it, the detectors do, and PostgreSQL
        // quotes its names by content only.
        copyHeaderMasker = masker.copyRowMasker(format, List.of(), i -> false, controls.counts());
        return copyStarted(head, false);
    }

    private Verdict copyStarted(Request head, boolean binary) {
        if (controls.audit() != null && head != null && head.statement() != 0) {
            copyOut = controls.audit().copy(head.statement(), CopyDirection.OUT, binary);
        }
        return Verdict.FORWARD;
    }

    private Verdict copyData(ByteBuf payload) {
        CopyRowMasker masker = copyHeaderPending ? copyHeaderMasker : copyMasker;
        if (copyRows >= 0 && isCopyRow(payload)) {
            copyRows++;
            long maxRows = controls.guardrails().maxRows();
            if (maxRows > 0 && copyRows > maxRows) {
                copyRows = -1;
                return stop(head(), SqlState.PROGRAM_LIMIT_EXCEEDED, "the result passed the policy's limit of "
                        + maxRows + " rows and was stopped; narrow the query or add a LIMIT");
            }
        }
        ByteBuf masked = masker == null ? null : masker.mask(payload, alloc);
        if (copyOut != null) {
            copyOut.data(masked != null ? masked : payload);
        }
        if (masked == null) {
            return Verdict.FORWARD;
        }
        ByteBuf message = alloc.buffer(masked.readableBytes() + 5);
        int lengthIndex = WireFormat.beginMessage(message, 'd');
        message.writeBytes(masked);
        WireFormat.endMessage(message, lengthIndex);
        masked.release();
        return Verdict.replace(message);
    }

    /** Whether a CopyData of a COPY TO STDOUT carries a row (PostgreSQL sends one row per message). */
    private boolean isCopyRow(ByteBuf payload) {
        if (copyHeaderPending) {
            copyHeaderPending = false;
            return false;
        }
        // The binary format's trailer: a field count of -1.
        return !(copyBinary && payload.readableBytes() == 2 && payload.getShort(payload.readerIndex()) == -1);
    }

    private Verdict copyDone() {
        finishCopies();
        return Verdict.FORWARD;
    }

    private void finishCopies() {
        copyMasker = null;
        copyHeaderMasker = null;
        copyRows = -1;
        // An error ends a COPY FROM STDIN on the server's side; the client's next Sync is answered again.
        conversation.copyingIn = false;
        if (copyOut != null) {
            if (controls.counts() != null) {
                copyOut.masked(controls.counts().snapshot());
            }
            copyOut.finish();
            copyOut = null;
        }
        if (conversation.copyIn != null) {
            conversation.copyIn.finish();
            conversation.copyIn = null;
        }
    }

    private void recordOutcome(Request head, Outcome outcome) {
        if (controls.audit() != null && head != null && head.statement() != 0) {
            controls.audit().outcome(head.statement(), outcome);
        }
    }

    /** A duration in seconds as a person writes it: "30 s", "1.5 s", "0.25 s". */
    static String seconds(Duration duration) {
        return java.math.BigDecimal.valueOf(duration.toMillis()).movePointLeft(3).stripTrailingZeros()
                .toPlainString() + " s";
    }

    private static Duration elapsed(Request head) {
        return head == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - head.startNanos);
    }

    private ByteBuf encode(io.hoopgw.core.protocol.BackendMessage message) {
        ByteBuf out = alloc.buffer();
        message.encode(out);
        return out;
    }

    /**
     * Whether a statement with this command tag may have renamed, moved or dropped columns, tables or schemas, which
     * makes cached column names stale (a new table has a new OID and cannot). DO and CALL run arbitrary statements,
     * migrations among them. DDL run by a function from a SELECT, or outside the gateway, is caught by the cache's
     * TTL only.
     */
    private static boolean mayRenameColumns(String tag) {
        return tag.startsWith("ALTER") || tag.startsWith("DROP") || tag.equals("DO") || tag.equals("CALL");
    }
}
