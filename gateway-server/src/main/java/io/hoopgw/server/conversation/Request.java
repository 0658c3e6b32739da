package io.hoopgw.server.conversation;

import io.hoopgw.core.protocol.backend.ErrorResponse;

/**
 * A forwarded client message whose response is still to come, in the order the server answers them.
 *
 * <p>Mutable: a simple Query's entry follows which of its statements the responses are about.
 */
final class Request {

    /** What was sent, which decides what answers it. */
    enum Kind {
        /** A simple Query (or a gateway marker standing for a refused request): results, then ReadyForQuery. */
        QUERY,
        /** ParseComplete or an error. */
        PARSE,
        /** BindComplete or an error. */
        BIND,
        /** ParameterDescription, then RowDescription or NoData, or an error. */
        DESCRIBE_STATEMENT,
        /** RowDescription or NoData, or an error. */
        DESCRIBE_PORTAL,
        /** Rows, then CommandComplete, PortalSuspended or EmptyQueryResponse, or an error. */
        EXECUTE,
        /** CloseComplete or an error. */
        CLOSE,
        /** ReadyForQuery. */
        SYNC,
        /** A gateway marker in place of a refused extended-protocol message: the server's error is replaced. */
        MARKER;

        boolean extended() {
            return this != QUERY && this != SYNC;
        }
    }

    final Kind kind;
    /** The statement or portal named by the message; empty for unnamed. */
    final String name;
    /**
     * The audit statement numbers this request's outcomes belong to: one per statement of a Query, or the record
     * of a Parse, Bind or Execute; empty when not recording.
     */
    final long[] statements;
    /**
     * The error the client gets in place of the server's first error, for a refused request; else null. Set
     * after the fact for a COPY FROM STDIN the gateway failed because the record of its data could not be written.
     */
    ErrorResponse refusal;
    final long startNanos = System.nanoTime();
    /** The SQL of each statement of a Query, or of an Execute's statement; may be empty. */
    final String[] texts;
    /** Which statement of a Query the next response is about. */
    int current;
    /** Whether the server already reported an error for this request. */
    boolean failed;
    /** Whether the gateway cancelled it for running past the statement timeout. */
    boolean timedOut;
    /** Whether its last response has arrived. */
    boolean done;

    Request(Kind kind, String name, long[] statements, String[] texts, ErrorResponse refusal) {
        this.kind = kind;
        this.name = name;
        this.statements = statements;
        this.texts = texts;
        this.refusal = refusal;
    }

    static Request of(Kind kind, String name) {
        return new Request(kind, name, NONE, NO_TEXTS, null);
    }

    /** The SQL the next response is about, or null when unknown. */
    String text() {
        if (texts.length == 0) {
            return null;
        }
        return texts[Math.min(current, texts.length - 1)];
    }

    /** The audit statement number the next response is about, or 0 when not recorded. */
    long statement() {
        if (statements.length == 0) {
            return 0;
        }
        return statements[Math.min(current, statements.length - 1)];
    }

    static final long[] NONE = new long[0];
    static final String[] NO_TEXTS = new String[0];
}
