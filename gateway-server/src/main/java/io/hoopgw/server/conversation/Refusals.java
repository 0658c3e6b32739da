package io.hoopgw.server.conversation;

import io.hoopgw.core.protocol.SqlState;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.core.protocol.backend.ErrorResponse.Severity;
import io.hoopgw.core.protocol.frontend.CopyFail;
import io.hoopgw.core.protocol.frontend.Parse;
import io.hoopgw.core.protocol.frontend.Query;
import io.hoopgw.server.session.GatewayErrors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * How the gateway refuses a request without letting it reach the database, yet leaves the session exactly as
 * PostgreSQL would after an error.
 *
 * <p>The refused message is replaced, upstream, by a marker that cannot do anything but fail: a syntax error.
 * PostgreSQL then does all the bookkeeping an error implies (an open transaction becomes aborted, the rest of an
 * extended-protocol batch is skipped up to Sync, the batch's implicit transaction rolls back) and answers in
 * order, and the gateway puts its own error in place of the syntax error. Emulating that state machine in the
 * gateway instead would be a second, subtly different copy of PostgreSQL's.
 */
final class Refusals {
    /** Upstream sees only this text (in its log as a syntax error), never the refused statement. */
    static final String MARKER_SQL = "hoopgw_refused_by_gateway";
    /**
     * The statement the marker standing for a refused Bind or Execute is parsed into. Not the unnamed statement:
     * a Parse into it drops the client's unnamed statement before parsing anything, so a client that binds its
     * unnamed statement again after a refused Bind or Execute would find it gone. A Parse that fails leaves named
     * statements as they were (one whose name is taken fails all the same).
     */
    static final String MARKER_STATEMENT = "hoopgw_refused_by_gateway";

    private Refusals() {
    }

    /** The marker for a refused simple Query (or FunctionCall): an error, then ReadyForQuery. */
    static ByteBuf markerQuery(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer(MARKER_SQL.length() + 6);
        new Query(MARKER_SQL).encode(out);
        return out;
    }

    /**
     * The marker for a refused extended-protocol message: an error, then everything is skipped up to Sync.
     *
     * @param statement the statement name it is parsed into (a failing Parse changes no statement but the
     *                  unnamed one, which it drops)
     */
    static ByteBuf markerParse(ByteBufAllocator alloc, String statement) {
        ByteBuf out = alloc.buffer(statement.length() + MARKER_SQL.length() + 9);
        new Parse(statement, MARKER_SQL, List.of()).encode(out);
        return out;
    }

    /** Fails a COPY FROM STDIN in place of the client's CopyDone: PostgreSQL discards the data and reports an error. */
    static ByteBuf copyFail(ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer();
        new CopyFail("hoopgw: the record of the COPY data could not be written").encode(out);
        return out;
    }

    /** The policy's denial, with the decision's message (which names the rule). */
    static ErrorResponse denied(String message) {
        return ErrorResponse.builder().severity(Severity.ERROR).sqlState(SqlState.INSUFFICIENT_PRIVILEGE)
                .message(message).build();
    }

    /** The audit log cannot be written: nothing is forwarded unrecorded. */
    static ErrorResponse auditUnavailable() {
        return GatewayErrors.error(Severity.ERROR, SqlState.IO_ERROR,
                "the audit log cannot be written, so the statement was not run; retry later");
    }

    /** A request the gateway cannot check, refused rather than let through unchecked. */
    static ErrorResponse unsupported(String what) {
        return GatewayErrors.error(Severity.ERROR, SqlState.FEATURE_NOT_SUPPORTED,
                what + " is not supported through the gateway");
    }

    /** A result the gateway had to stop. */
    static ErrorResponse resultStopped(SqlState state, String message) {
        return GatewayErrors.error(Severity.ERROR, state, message);
    }

    /** An error as bytes. */
    static ByteBuf encode(ByteBufAllocator alloc, ErrorResponse error) {
        ByteBuf out = alloc.buffer();
        error.encode(out);
        return out;
    }
}
