package io.hoopgw.server.conversation;

import io.hoopgw.core.protocol.SqlState;

/**
 * The session cannot go on under its controls (for example the server switched to a client encoding the SQL lexer
 * cannot read safely): the client gets a FATAL error with this state and message, and the session ends.
 */
public final class ConversationAbort extends RuntimeException {
    private final SqlState state;

    ConversationAbort(SqlState state, String message) {
        super(message);
        this.state = state;
    }

    /** The SQLSTATE to send. */
    public SqlState state() {
        return state;
    }
}
