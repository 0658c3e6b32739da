package io.hoopgw.server.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The messages of an extended-protocol batch the gateway holds back until their audit records are durable (see
 * {@link ClientMessages}): the records to wait for, how many bytes are held, and what refusing the whole batch
 * needs to know.
 *
 * <p>Not thread-safe: used on the session's event loop only.
 */
final class HeldBatch {
    /**
     * A batch let go.
     *
     * @param durable         completes once every record of the batch is durable (fails when one failed)
     * @param first           the request the batch's first message registered: it answers for the batch when
     *                        its records fail
     * @param markerStatement the statement the marker of a refused batch parses into (null for {@link
     *                        Refusals#MARKER_STATEMENT}), see {@link HeldBatch#add}
     * @param executes        the held Executes, whose statement timeouts start when the batch goes upstream
     */
    record Released(CompletableFuture<Void> durable, Request first, String markerStatement, List<Request> executes) {
    }

    private final List<CompletableFuture<Void>> records = new ArrayList<>();
    private final List<Request> executes = new ArrayList<>();
    private boolean holding;
    private int bytes;
    private Request first;
    private String markerStatement;

    /** Whether no message is held. */
    boolean isEmpty() {
        return !holding;
    }

    /**
     * Notes a held message.
     *
     * <p>The marker of a refused batch parses into the first message's statement when that is a Parse, as a failed
     * Parse would, and into the unnamed statement when any held Parse replaces it: the gateway and the audit log
     * already take the held Parse's text for the unnamed statement, so PostgreSQL must not keep the old one (a
     * later Bind of it would run under the new one's record).
     *
     * @param messageRecords the message's records
     * @param length         its size in bytes
     * @param request        what it registered
     * @param parseName      the statement it parses into, when it is a Parse (else null)
     * @return the bytes held so far
     */
    int add(List<CompletableFuture<Void>> messageRecords, int length, Request request, String parseName) {
        if (!holding) {
            holding = true;
            first = request;
            markerStatement = parseName;
        } else if ("".equals(parseName)) {
            markerStatement = "";
        }
        if (request.kind == Request.Kind.EXECUTE) {
            executes.add(request);
        }
        records.addAll(messageRecords);
        bytes += length;
        return bytes;
    }

    /** Lets the batch go, with {@code own} (the record of the message that releases it) to wait for too. */
    Released release(CompletableFuture<Void> own) {
        records.add(own);
        Released released = new Released(allOf(records), first, markerStatement, List.copyOf(executes));
        clear();
        return released;
    }

    /** Forgets the held messages (they are discarded). */
    void clear() {
        records.clear();
        executes.clear();
        holding = false;
        bytes = 0;
        first = null;
        markerStatement = null;
    }

    /** Completes once all of {@code futures} have; the one future itself when there is one. */
    static CompletableFuture<Void> allOf(List<CompletableFuture<Void>> futures) {
        return futures.size() == 1 ? futures.get(0)
                : CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }
}
