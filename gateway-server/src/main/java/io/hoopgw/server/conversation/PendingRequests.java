package io.hoopgw.server.conversation;

import java.util.ArrayDeque;

/**
 * The forwarded requests the server has yet to answer, oldest first, following PostgreSQL's rule for errors in the
 * extended protocol: after an error the server ignores every message up to the next Sync, so those get no response.
 */
final class PendingRequests {
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    /** The server is ignoring extended-protocol messages until the next Sync it receives. */
    private boolean serverSkipping;

    /** Notes a request as forwarded. */
    void sent(Request request) {
        if (serverSkipping) {
            if (request.kind != Request.Kind.SYNC) {
                return; // PostgreSQL ignores even a simple Query here
            }
            serverSkipping = false;
        }
        queue.addLast(request);
    }

    /** The request the next response is about, or null when none is outstanding. */
    Request head() {
        return queue.peekFirst();
    }

    /** The head request has been answered in full. */
    void answered() {
        Request done = queue.pollFirst();
        if (done != null) {
            done.done = true;
        }
    }

    /**
     * The head request started a COPY FROM STDIN. PostgreSQL ignores Syncs until the client ends the copy, so the
     * Syncs the client sent right behind the request (as tokio-postgres does, before it knows the statement is a
     * COPY) get no answer: they are dropped, and the client's Sync after CopyDone or CopyFail is the one answered.
     */
    void copyInStarted() {
        Request head = queue.pollFirst();
        if (head == null) {
            return;
        }
        while (!queue.isEmpty() && queue.peekFirst().kind == Request.Kind.SYNC) {
            queue.pollFirst().done = true;
        }
        queue.addFirst(head);
    }

    /**
     * A ReadyForQuery arrived: it answers the oldest Query or Sync; anything older (requests whose responses the
     * gateway dropped) is answered with it.
     */
    void readyForQuery() {
        while (!queue.isEmpty()) {
            Request request = queue.pollFirst();
            request.done = true;
            if (!request.kind.extended()) {
                return;
            }
        }
    }

    /**
     * The head request, an extended-protocol message, failed: the server now ignores messages up to the next Sync.
     * Drops the head and every request before that Sync.
     */
    void failedExtended() {
        answered();
        while (!queue.isEmpty() && queue.peekFirst().kind != Request.Kind.SYNC) {
            answered();
        }
        if (queue.isEmpty()) {
            serverSkipping = true;
        }
    }

    /** How many requests are outstanding. */
    int size() {
        return queue.size();
    }
}
