package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;

/**
 * The Authentication* family (B): all share the tag {@code 'R'} and are told apart by an Int32 code.
 * Lets a login state machine accept "any authentication request" in one {@code instanceof}.
 */
public interface AuthenticationMessage extends BackendMessage {
    /** The family's tag. */
    char TAG = 'R';
}
