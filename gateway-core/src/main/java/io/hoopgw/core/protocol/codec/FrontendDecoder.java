package io.hoopgw.core.protocol.codec;

import io.hoopgw.core.protocol.FrontendMessage;
import io.hoopgw.core.protocol.ProtocolException;
import io.hoopgw.core.protocol.frontend.Bind;
import io.hoopgw.core.protocol.frontend.Close;
import io.hoopgw.core.protocol.frontend.CopyData;
import io.hoopgw.core.protocol.frontend.CopyDone;
import io.hoopgw.core.protocol.frontend.CopyFail;
import io.hoopgw.core.protocol.frontend.Describe;
import io.hoopgw.core.protocol.frontend.Execute;
import io.hoopgw.core.protocol.frontend.Flush;
import io.hoopgw.core.protocol.frontend.FunctionCall;
import io.hoopgw.core.protocol.frontend.GSSResponse;
import io.hoopgw.core.protocol.frontend.Parse;
import io.hoopgw.core.protocol.frontend.PasswordMessage;
import io.hoopgw.core.protocol.frontend.Query;
import io.hoopgw.core.protocol.frontend.SASLInitialResponse;
import io.hoopgw.core.protocol.frontend.SASLResponse;
import io.hoopgw.core.protocol.frontend.Sync;
import io.hoopgw.core.protocol.frontend.Terminate;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Decodes the tagged messages a client sends after its StartupMessage into {@link FrontendMessage}s.
 *
 * <p>A {@code 'p'} frame is decoded according to {@link #expectAuthentication}; decoding one resets the
 * expectation to {@link AuthenticationExchange#NONE}, because every authentication request is answered by exactly
 * one message and a second, unrequested one must not be mistaken for the answer to the next request.
 *
 * <p>Not sharable: it keeps framing and authentication state per connection. Use it from the channel's event loop.
 * Throws {@link ProtocolException} (through {@code exceptionCaught}) for any malformed input.
 */
public final class FrontendDecoder extends TaggedMessageDecoder {
    private AuthenticationExchange exchange = AuthenticationExchange.NONE;

    /**
     * @param maxMessageLength the largest length field accepted; longer messages are a protocol violation
     * @throws IllegalArgumentException if {@code maxMessageLength} is below 4
     */
    public FrontendDecoder(int maxMessageLength) {
        super(maxMessageLength, "frontend", "pQXPBEDCSHdcfF");
    }

    /** Tells the decoder how to read the next {@code 'p'} frame; {@code NONE} makes one a protocol violation. */
    public void expectAuthentication(AuthenticationExchange exchange) {
        this.exchange = Objects.requireNonNull(exchange, "exchange");
    }

    /** The current expectation for a {@code 'p'} frame. */
    public AuthenticationExchange expectedAuthentication() {
        return exchange;
    }

    @Override
    Object decodeBody(byte tag, ByteBuf body) {
        return switch (tag) {
            case 'p' -> decodeAuthentication(body);
            case 'Q' -> Query.decode(body);
            case 'X' -> fieldless(body, Terminate.INSTANCE);
            case 'P' -> Parse.decode(body);
            case 'B' -> Bind.decode(body);
            case 'E' -> Execute.decode(body);
            case 'D' -> Describe.decode(body);
            case 'C' -> Close.decode(body);
            case 'S' -> fieldless(body, Sync.INSTANCE);
            case 'H' -> fieldless(body, Flush.INSTANCE);
            case 'd' -> CopyData.decode(body);
            case 'c' -> fieldless(body, CopyDone.INSTANCE);
            case 'f' -> CopyFail.decode(body);
            case 'F' -> FunctionCall.decode(body);
            default -> throw unknownTag(tag);
        };
    }

    private FrontendMessage decodeAuthentication(ByteBuf body) {
        AuthenticationExchange current = exchange;
        exchange = AuthenticationExchange.NONE;
        return switch (current) {
            case PASSWORD -> PasswordMessage.decode(body);
            case SASL_INITIAL -> SASLInitialResponse.decode(body);
            case SASL_RESPONSE -> SASLResponse.decode(body);
            case GSS -> GSSResponse.decode(body);
            case NONE -> throw new ProtocolException("no authentication request is outstanding");
        };
    }
}
