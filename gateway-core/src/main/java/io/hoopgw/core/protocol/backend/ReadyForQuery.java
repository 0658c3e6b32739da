package io.hoopgw.core.protocol.backend;

import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.codec.WireFormat;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * ReadyForQuery (B): the backend is ready for a new query cycle.
 *
 * @param status the transaction status
 */
public record ReadyForQuery(TransactionStatus status) implements BackendMessage {
    /** The message's tag. */
    public static final char TAG = 'Z';
    /** Idle, outside a transaction block. */
    public static final ReadyForQuery IDLE = new ReadyForQuery(TransactionStatus.IDLE);
    /** Inside a transaction block. */
    public static final ReadyForQuery IN_TRANSACTION = new ReadyForQuery(TransactionStatus.IN_TRANSACTION);
    /** Inside a failed transaction block. */
    public static final ReadyForQuery FAILED = new ReadyForQuery(TransactionStatus.FAILED);

    /** Checks for null. */
    public ReadyForQuery {
        Objects.requireNonNull(status, "status");
    }

    /** The shared instance for a status; one is sent per query, so decoding allocates none. */
    public static ReadyForQuery of(TransactionStatus status) {
        return switch (status) {
            case IDLE -> IDLE;
            case IN_TRANSACTION -> IN_TRANSACTION;
            case FAILED -> FAILED;
        };
    }

    @Override
    public void encode(ByteBuf out) {
        int lengthIndex = WireFormat.beginMessage(out, TAG);
        out.writeByte(status.indicator());
        WireFormat.endMessage(out, lengthIndex);
    }

    /**
     * Decodes a body.
     *
     * @param body the bytes after the length field, exactly to the end of the message; read, not released
     * @throws ProtocolException if the indicator is missing, unknown or followed by more bytes
     */
    public static ReadyForQuery decode(ByteBuf body) {
        ReadyForQuery message = of(TransactionStatus.of(WireFormat.readByte(body)));
        WireFormat.requireFullyRead(body);
        return message;
    }
}
