package io.hoopgw.server.upstream;

import com.ongres.scram.common.exception.ScramException;
import io.hoopgw.core.protocol.BackendMessage;
import io.hoopgw.core.protocol.backend.AuthenticationCleartextPassword;
import io.hoopgw.core.protocol.backend.AuthenticationMD5Password;
import io.hoopgw.core.protocol.backend.AuthenticationOk;
import io.hoopgw.core.protocol.backend.AuthenticationSASL;
import io.hoopgw.core.protocol.backend.AuthenticationSASLContinue;
import io.hoopgw.core.protocol.backend.AuthenticationSASLFinal;
import io.hoopgw.core.protocol.backend.BackendKeyData;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.core.protocol.backend.NegotiateProtocolVersion;
import io.hoopgw.core.protocol.backend.NoticeResponse;
import io.hoopgw.core.protocol.backend.ParameterStatus;
import io.hoopgw.core.protocol.backend.ReadyForQuery;
import io.hoopgw.core.protocol.frontend.PasswordMessage;
import io.hoopgw.core.protocol.frontend.SASLInitialResponse;
import io.hoopgw.core.protocol.frontend.SASLResponse;
import io.hoopgw.core.protocol.frontend.StartupMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.Promise;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Logs in to the upstream server as a client, with the gateway's own credential, collects the session parameters,
 * and completes {@code promise} at the first ReadyForQuery.
 *
 * <p>The server is not trusted to choose the method: under {@code tls: disable} or {@code require} a man in the
 * middle can ask for anything. The handler answers only the methods the target allows (SCRAM-SHA-256 by default,
 * SCRAM-SHA-256-PLUS whenever TLS gives channel-binding data), answers at most one authentication request, and
 * accepts AuthenticationOk only once that method has run to the end: for SCRAM, after the server's final message
 * proved it knows the password; with no request at all, only when the target allows {@code trust}.
 */
final class UpstreamLoginHandler extends SimpleChannelInboundHandler<BackendMessage> {
    private static final String SCRAM_PLUS = "SCRAM-SHA-256-PLUS";
    /** PostgreSQL sends a few dozen; a server sending without end would otherwise fill the heap. */
    static final int MAX_COLLECTED = 1000;

    private final UpstreamCredential credential;
    private final UpstreamEndpoint endpoint;
    private final Map<String, String> sessionParameters;
    private final byte[] channelBinding;
    private final Promise<UpstreamConnection> promise;

    private final List<ParameterStatus> parameters = new ArrayList<>();
    private final List<NoticeResponse> notices = new ArrayList<>();
    private BackendKeyData backendKey;
    private UpstreamAuthMethod requested;
    private ScramExchange scram;
    private boolean authenticated;

    /**
     * @param endpoint          the target: its database, name (for messages) and allowed login methods
     * @param sessionParameters startup parameters to pass on (not {@code user} or {@code database})
     * @param channelBinding    the TLS {@code tls-server-end-point} hash, or null without TLS (or when the
     *                          certificate's signature algorithm defines none)
     */
    UpstreamLoginHandler(UpstreamCredential credential, UpstreamEndpoint endpoint,
            Map<String, String> sessionParameters, byte[] channelBinding, Promise<UpstreamConnection> promise) {
        this.credential = credential;
        this.endpoint = endpoint;
        this.sessionParameters = sessionParameters;
        this.channelBinding = channelBinding;
        this.promise = promise;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            sendStartup(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        sendStartup(ctx);
        ctx.fireChannelActive();
    }

    private void sendStartup(ChannelHandlerContext ctx) {
        Map<String, String> startup = new java.util.LinkedHashMap<>();
        startup.put("user", credential.role());
        startup.put("database", endpoint.database());
        startup.putAll(sessionParameters);
        ctx.writeAndFlush(new StartupMessage(3 << 16, startup));
        ctx.read();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, BackendMessage message) throws Exception {
        if (promise.isDone()) {
            return;
        }
        if (message instanceof AuthenticationOk) {
            acceptAuthenticationOk();
        } else if (message instanceof AuthenticationSASL sasl) {
            begin(UpstreamAuthMethod.SCRAM_SHA_256);
            startScram(ctx, sasl);
        } else if (message instanceof AuthenticationSASLContinue next) {
            requireScramInProgress("AuthenticationSASLContinue");
            ctx.writeAndFlush(new SASLResponse(scram.clientFinal(next.data())));
        } else if (message instanceof AuthenticationSASLFinal last) {
            requireScramInProgress("AuthenticationSASLFinal");
            scram.verifyServerFinal(last.data());
        } else if (message instanceof AuthenticationMD5Password md5) {
            begin(UpstreamAuthMethod.MD5);
            ctx.writeAndFlush(new PasswordMessage(md5Answer(requirePassword("MD5"), credential.role(), md5.salt())));
        } else if (message instanceof AuthenticationCleartextPassword) {
            begin(UpstreamAuthMethod.PASSWORD);
            ctx.writeAndFlush(new PasswordMessage(requirePassword("cleartext password")));
        } else if (message instanceof ParameterStatus status) {
            collect(parameters, status, "ParameterStatus");
        } else if (message instanceof BackendKeyData key) {
            backendKey = key;
        } else if (message instanceof NoticeResponse notice) {
            collect(notices, notice, "NoticeResponse");
        } else if (message instanceof NegotiateProtocolVersion) {
            // We ask for 3.0 without protocol options, which every server supports; nothing to adjust.
        } else if (message instanceof ErrorResponse error) {
            fail(ctx, new UpstreamLoginException("upstream refused the login: " + error.message(), error, null));
        } else if (message instanceof ReadyForQuery) {
            if (!authenticated) {
                fail(ctx, new UpstreamLoginException("upstream sent ReadyForQuery before AuthenticationOk"));
                return;
            }
            ctx.pipeline().remove(this);
            if (!promise.trySuccess(new UpstreamConnection(ctx.channel(), parameters, backendKey, notices))) {
                // Cancelled or timed out while this message was on its way: nobody will use the session.
                ctx.close();
            }
            return;
        } else {
            fail(ctx, new UpstreamLoginException("upstream asked for an unsupported login method or sent "
                    + message.getClass().getSimpleName() + " during login"));
            return;
        }
        ctx.read();
    }

    /**
     * Records the one authentication request a login may have, refusing a method the target does not allow before
     * anything derived from the password is sent.
     */
    private void begin(UpstreamAuthMethod method) throws UpstreamLoginException {
        if (authenticated || requested != null) {
            throw new UpstreamLoginException("upstream asked for " + method + " authentication after "
                    + (authenticated ? "AuthenticationOk" : requested + " authentication")
                    + "; a server asks for one method only");
        }
        if (!endpoint.authMethods().contains(method)) {
            throw refusedMethod(method);
        }
        requested = method;
    }

    private void acceptAuthenticationOk() throws UpstreamLoginException {
        if (authenticated) {
            throw new UpstreamLoginException("upstream sent AuthenticationOk twice");
        }
        if (requested == null && !endpoint.authMethods().contains(UpstreamAuthMethod.TRUST)) {
            throw refusedMethod(UpstreamAuthMethod.TRUST);
        }
        if (requested == UpstreamAuthMethod.SCRAM_SHA_256 && !scram.serverVerified()) {
            // Without the server's signature nothing shows the server knows the password: anyone can say "Ok".
            throw new UpstreamLoginException("upstream sent AuthenticationOk before completing SCRAM (no verified"
                    + " server signature); refusing a server that did not prove it knows the password");
        }
        authenticated = true;
    }

    private static <T> void collect(List<T> collected, T message, String kind) throws UpstreamLoginException {
        if (collected.size() >= MAX_COLLECTED) {
            throw new UpstreamLoginException("upstream sent more than " + MAX_COLLECTED + " " + kind
                    + " messages during login");
        }
        collected.add(message);
    }

    private UpstreamLoginException refusedMethod(UpstreamAuthMethod method) {
        return new UpstreamLoginException("upstream asked for " + method + " authentication, which target '"
                + endpoint.targetName() + "' does not allow (auth: " + endpoint.authMethods() + ")");
    }

    private void startScram(ChannelHandlerContext ctx, AuthenticationSASL sasl) throws UpstreamLoginException {
        String password = requirePassword("SCRAM-SHA-256");
        if (channelBinding != null && !sasl.mechanisms().contains(SCRAM_PLUS)) {
            // Over TLS PostgreSQL always offers the -PLUS variant; a server that does not is most likely a man in
            // the middle hiding that it terminated TLS itself.
            throw new UpstreamLoginException("upstream offered " + sasl.mechanisms() + " over TLS without "
                    + SCRAM_PLUS + " (channel binding); refusing the downgrade");
        }
        scram = new ScramExchange(sasl.mechanisms(), password, channelBinding);
        if (channelBinding != null && !SCRAM_PLUS.equals(scram.mechanism())) {
            throw new UpstreamLoginException("SCRAM negotiation chose " + scram.mechanism() + " over TLS instead of "
                    + SCRAM_PLUS);
        }
        ctx.writeAndFlush(new SASLInitialResponse(scram.mechanism(), scram.clientFirst()));
    }

    private void requireScramInProgress(String message) throws UpstreamLoginException {
        if (scram == null || authenticated) {
            throw new UpstreamLoginException("upstream sent " + message + " outside a SCRAM exchange");
        }
    }

    private String requirePassword(String method) {
        if (credential.password() == null) {
            throw new IllegalStateException("upstream asks for " + method + " but no password is configured for role "
                    + credential.role());
        }
        return credential.password();
    }

    /** PostgreSQL's MD5 answer: {@code "md5" + md5hex(md5hex(password + user) + salt)}. */
    static String md5Answer(String password, String user, byte[] salt) {
        try {
            HexFormat hex = HexFormat.of();
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] inner = md5.digest((password + user).getBytes(StandardCharsets.UTF_8));
            md5.update(hex.formatHex(inner).getBytes(StandardCharsets.US_ASCII));
            md5.update(salt);
            return "md5" + hex.formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5", e);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, new UpstreamLoginException("upstream closed the connection during login"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof UpstreamLoginException refusal) {
            fail(ctx, refusal);
            return;
        }
        String reason = cause instanceof ScramException ? "SCRAM exchange failed: " + cause.getMessage()
                : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        fail(ctx, new UpstreamLoginException("upstream login failed: " + reason, cause));
    }

    private void fail(ChannelHandlerContext ctx, UpstreamLoginException failure) {
        if (promise.tryFailure(failure)) {
            ctx.close();
        }
    }
}
