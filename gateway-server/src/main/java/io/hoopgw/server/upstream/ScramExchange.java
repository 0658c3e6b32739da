package io.hoopgw.server.upstream;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.exception.ScramException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One SCRAM-SHA-256 login as a client, delegated to the ongres SCRAM library (the one pgjdbc uses): the gateway
 * never implements the mechanism itself.
 *
 * <p>With TLS and a server that offers it, SCRAM-SHA-256-PLUS binds the login to the TLS channel
 * ({@code tls-server-end-point}), so a man in the middle that terminates TLS cannot relay the exchange.
 */
final class ScramExchange {
    private static final String CHANNEL_BINDING_TYPE = "tls-server-end-point";

    private final ScramClient client;
    private boolean serverVerified;

    /**
     * @param offered        the mechanisms the server offered
     * @param password       the role's password
     * @param channelBinding the {@code tls-server-end-point} hash of the server certificate, or null without TLS
     */
    ScramExchange(List<String> offered, String password, byte[] channelBinding) {
        ScramClient.FinalBuildStage builder = ScramClient.builder()
                .advertisedMechanisms(offered)
                // PostgreSQL ignores the SCRAM user name and uses the startup packet's user.
                .username("*")
                .password(password.toCharArray());
        if (channelBinding != null) {
            builder.channelBinding(CHANNEL_BINDING_TYPE, channelBinding);
        }
        this.client = builder.build();
    }

    /** The mechanism chosen from those offered. */
    String mechanism() {
        return client.getScramMechanism().getName();
    }

    /** The client-first message. */
    byte[] clientFirst() {
        return client.clientFirstMessage().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Takes the server-first message and answers with the client-final message. */
    byte[] clientFinal(byte[] serverFirst) throws ScramException {
        client.serverFirstMessage(new String(serverFirst, StandardCharsets.UTF_8));
        return client.clientFinalMessage().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Checks the server's signature: proof that the server, too, knows the password. */
    void verifyServerFinal(byte[] serverFinal) throws ScramException {
        client.serverFinalMessage(new String(serverFinal, StandardCharsets.UTF_8));
        serverVerified = true;
    }

    /** Whether the exchange ran to the end and the server proved it knows the password. */
    boolean serverVerified() {
        return serverVerified;
    }
}
