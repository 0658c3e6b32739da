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
 * Logs in to the upstream server as a client, with the gateway's own credential: answers whichever method the
 * server asks for (SCRAM-SHA-256 with or without channel binding, MD5, cleartext, or none for {@code trust}),
 * collects the session parameters, and completes {@code promise} at the first ReadyForQuery.
 */
final class UpstreamLoginHandler extends SimpleChannelInboundHandler<BackendMessage> {
    private final UpstreamCredential credential;
    private final String database;
    private final Map<String, String> sessionParameters;
    private final byte[] channelBinding;
    private final Promise<UpstreamConnection> promise;

    private final List<ParameterStatus> parameters = new ArrayList<>();
    private final List<NoticeResponse> notices = new ArrayList<>();
    private BackendKeyData backendKey;
    private ScramExchange scram;
    private boolean authenticated;

    /**
     * @param sessionParameters startup parameters to pass on (not {@code user} or {@code database})
     * @param channelBinding    the TLS {@code tls-server-end-point} hash, or null without TLS
     */
    UpstreamLoginHandler(UpstreamCredential credential, String database, Map<String, String> sessionParameters,
            byte[] channelBinding, Promise<UpstreamConnection> promise) {
        this.credential = credential;
        this.database = database;
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
        startup.put("database", database);
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
            authenticated = true;
        } else if (message instanceof AuthenticationSASL sasl) {
            startScram(ctx, sasl);
        } else if (message instanceof AuthenticationSASLContinue next) {
            requireScram();
            ctx.writeAndFlush(new SASLResponse(scram.clientFinal(next.data())));
        } else if (message instanceof AuthenticationSASLFinal last) {
            requireScram();
            scram.verifyServerFinal(last.data());
        } else if (message instanceof AuthenticationMD5Password md5) {
            ctx.writeAndFlush(new PasswordMessage(md5Answer(requirePassword("MD5"), credential.role(), md5.salt())));
        } else if (message instanceof AuthenticationCleartextPassword) {
            ctx.writeAndFlush(new PasswordMessage(requirePassword("cleartext password")));
        } else if (message instanceof ParameterStatus status) {
            parameters.add(status);
        } else if (message instanceof BackendKeyData key) {
            backendKey = key;
        } else if (message instanceof NoticeResponse notice) {
            notices.add(notice);
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
            promise.setSuccess(new UpstreamConnection(ctx.channel(), parameters, backendKey, notices));
            return;
        } else {
            fail(ctx, new UpstreamLoginException("upstream asked for an unsupported login method or sent "
                    + message.getClass().getSimpleName() + " during login"));
            return;
        }
        ctx.read();
    }

    private void startScram(ChannelHandlerContext ctx, AuthenticationSASL sasl) {
        String password = requirePassword("SCRAM-SHA-256");
        scram = new ScramExchange(sasl.mechanisms(), password, channelBinding);
        ctx.writeAndFlush(new SASLInitialResponse(scram.mechanism(), scram.clientFirst()));
    }

    private void requireScram() {
        if (scram == null) {
            throw new IllegalStateException("upstream sent a SASL message before AuthenticationSASL");
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
