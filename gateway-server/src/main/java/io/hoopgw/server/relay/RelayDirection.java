package io.hoopgw.server.relay;

import io.hoopgw.core.protocol.ProtocolException;

/** One direction of an established session's relay, as the session sees it. */
public interface RelayDirection {

    /**
     * Whether everything forwarded so far ends at a message boundary of this direction, so that a gateway-made
     * message may follow.
     */
    boolean atBoundary();

    /** What the session learns from one direction of the relay. */
    interface Events {
        /** The stream broke the protocol; nothing after the last complete message was forwarded. */
        void protocolViolation(RelayDirection source, ProtocolException cause);

        /** This direction's channel closed. */
        void closed(RelayDirection source);

        /** An I/O error on this direction's channel, or a failure of the session's own checks. */
        void failed(RelayDirection source, Throwable cause);
    }
}
