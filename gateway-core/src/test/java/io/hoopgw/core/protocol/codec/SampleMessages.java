package io.hoopgw.core.protocol.codec;

import io.hoopgw.core.protocol.SqlState;
import io.hoopgw.core.protocol.backend.AuthenticationCleartextPassword;
import io.hoopgw.core.protocol.backend.AuthenticationGSS;
import io.hoopgw.core.protocol.backend.AuthenticationGSSContinue;
import io.hoopgw.core.protocol.backend.AuthenticationKerberosV5;
import io.hoopgw.core.protocol.backend.AuthenticationMD5Password;
import io.hoopgw.core.protocol.backend.AuthenticationOk;
import io.hoopgw.core.protocol.backend.AuthenticationSASL;
import io.hoopgw.core.protocol.backend.AuthenticationSASLContinue;
import io.hoopgw.core.protocol.backend.AuthenticationSASLFinal;
import io.hoopgw.core.protocol.backend.AuthenticationSSPI;
import io.hoopgw.core.protocol.backend.BackendKeyData;
import io.hoopgw.core.protocol.backend.BindComplete;
import io.hoopgw.core.protocol.backend.CloseComplete;
import io.hoopgw.core.protocol.backend.CommandComplete;
import io.hoopgw.core.protocol.backend.CopyBothResponse;
import io.hoopgw.core.protocol.backend.CopyInResponse;
import io.hoopgw.core.protocol.backend.CopyOutResponse;
import io.hoopgw.core.protocol.backend.DataRow;
import io.hoopgw.core.protocol.backend.EmptyQueryResponse;
import io.hoopgw.core.protocol.backend.ErrorResponse;
import io.hoopgw.core.protocol.backend.FunctionCallResponse;
import io.hoopgw.core.protocol.backend.NegotiateProtocolVersion;
import io.hoopgw.core.protocol.backend.NoData;
import io.hoopgw.core.protocol.backend.NoticeResponse;
import io.hoopgw.core.protocol.backend.NotificationResponse;
import io.hoopgw.core.protocol.backend.ParameterDescription;
import io.hoopgw.core.protocol.backend.ParameterStatus;
import io.hoopgw.core.protocol.backend.ParseComplete;
import io.hoopgw.core.protocol.backend.PortalSuspended;
import io.hoopgw.core.protocol.backend.ReadyForQuery;
import io.hoopgw.core.protocol.backend.RowDescription;
import io.hoopgw.core.protocol.backend.TransactionStatus;
import io.hoopgw.core.protocol.frontend.Bind;
import io.hoopgw.core.protocol.frontend.CancelRequest;
import io.hoopgw.core.protocol.frontend.Close;
import io.hoopgw.core.protocol.frontend.CopyDone;
import io.hoopgw.core.protocol.frontend.CopyFail;
import io.hoopgw.core.protocol.frontend.Describe;
import io.hoopgw.core.protocol.frontend.Execute;
import io.hoopgw.core.protocol.frontend.Flush;
import io.hoopgw.core.protocol.frontend.FunctionCall;
import io.hoopgw.core.protocol.frontend.GSSENCRequest;
import io.hoopgw.core.protocol.frontend.GSSResponse;
import io.hoopgw.core.protocol.frontend.Parse;
import io.hoopgw.core.protocol.frontend.PasswordMessage;
import io.hoopgw.core.protocol.frontend.Query;
import io.hoopgw.core.protocol.frontend.SASLInitialResponse;
import io.hoopgw.core.protocol.frontend.SASLResponse;
import io.hoopgw.core.protocol.frontend.SSLRequest;
import io.hoopgw.core.protocol.frontend.StartupMessage;
import io.hoopgw.core.protocol.frontend.Sync;
import io.hoopgw.core.protocol.frontend.TargetKind;
import io.hoopgw.core.protocol.frontend.Terminate;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One or more instances of every message type, built fresh on each call because some are reference-counted
 * (callers release them). Shared by the round-trip and fuzz tests.
 */
public final class SampleMessages {

    private SampleMessages() {
    }

    /** Startup-phase packets, for the {@link FrontendStartupDecoder}. */
    public static List<Object> startup() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "alice");
        parameters.put("database", "shop");
        parameters.put("application_name", "psql \u00e6\u00f8\u00e5");
        return List.of(
                new StartupMessage(StartupMessage.PROTOCOL_3_0, parameters),
                new StartupMessage(StartupMessage.PROTOCOL_3_2, Map.of()),
                SSLRequest.INSTANCE,
                GSSENCRequest.INSTANCE,
                new CancelRequest(4242, new byte[] {1, 2, 3, 4}),
                new CancelRequest(4242, new byte[32]));
    }

    /** Tagged frontend messages other than the {@code 'p'} family, for the {@link FrontendDecoder}. */
    public static List<Object> frontend() {
        return List.of(
                new Query("SELECT 1; SELECT '\u20ac'"),
                new Query(""),
                new Parse("s1", "SELECT $1, $2", List.of(23, 0)),
                new Parse("", "SELECT 1", List.of()),
                Bind.of("p1", "s1", List.of(Bind.BINARY), Arrays.asList(new byte[] {0, 0, 0, 42}, null, new byte[0]),
                        List.of((short) 0, (short) 1)),
                Bind.of("", "", List.of(), List.of(), List.of()),
                new Execute("p1", 100),
                new Execute("", 0),
                new Describe(TargetKind.STATEMENT, "s1"),
                new Describe(TargetKind.PORTAL, ""),
                new Close(TargetKind.PORTAL, "p1"),
                new Close(TargetKind.STATEMENT, ""),
                Sync.INSTANCE,
                Flush.INSTANCE,
                new io.hoopgw.core.protocol.frontend.CopyData(Unpooled.copiedBuffer("1\talice\n", StandardCharsets.UTF_8)),
                new io.hoopgw.core.protocol.frontend.CopyData(Unpooled.buffer(0)),
                CopyDone.INSTANCE,
                new CopyFail("aborted by user"),
                new FunctionCall(764, List.of((short) 1), Arrays.asList(new byte[] {0, 0, 0, 1}, null), (short) 1),
                Terminate.INSTANCE);
    }

    /** The {@code 'p'} family, each with the exchange the decoder must expect for it. */
    public static Map<Object, AuthenticationExchange> authenticationResponses() {
        Map<Object, AuthenticationExchange> responses = new LinkedHashMap<>();
        responses.put(new PasswordMessage("eyJhbGciOiJSUzI1NiJ9.e30.c2ln"), AuthenticationExchange.PASSWORD);
        responses.put(new SASLInitialResponse("SCRAM-SHA-256", "n,,n=,r=abc".getBytes(StandardCharsets.US_ASCII)),
                AuthenticationExchange.SASL_INITIAL);
        responses.put(new SASLInitialResponse("OAUTHBEARER", null), AuthenticationExchange.SASL_INITIAL);
        responses.put(new SASLResponse("c=biws,r=abc,p=xyz".getBytes(StandardCharsets.US_ASCII)),
                AuthenticationExchange.SASL_RESPONSE);
        responses.put(new GSSResponse(new byte[] {0x60, 0x0d}), AuthenticationExchange.GSS);
        return responses;
    }

    /** Every backend message type. */
    public static List<Object> backend() {
        return List.of(
                AuthenticationOk.INSTANCE,
                AuthenticationKerberosV5.INSTANCE,
                AuthenticationCleartextPassword.INSTANCE,
                new AuthenticationMD5Password(new byte[] {9, 8, 7, 6}),
                AuthenticationGSS.INSTANCE,
                new AuthenticationGSSContinue(new byte[] {1, 2, 3}),
                AuthenticationSSPI.INSTANCE,
                new AuthenticationSASL(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")),
                new AuthenticationSASLContinue("r=abc,s=c2FsdA==,i=4096".getBytes(StandardCharsets.US_ASCII)),
                new AuthenticationSASLFinal("v=c2ln".getBytes(StandardCharsets.US_ASCII)),
                new BackendKeyData(77, new byte[] {1, 2, 3, 4}),
                new BackendKeyData(77, new byte[32]),
                new ParameterStatus("server_version", "17.6"),
                ReadyForQuery.IDLE,
                new ReadyForQuery(TransactionStatus.FAILED),
                new NegotiateProtocolVersion(0, List.of("_pq_.compression")),
                ErrorResponse.builder().severity(ErrorResponse.Severity.ERROR).sqlState(SqlState.INSUFFICIENT_PRIVILEGE)
                        .message("policy denies DELETE on payments").hint("ask for the payments-writer grant").build(),
                NoticeResponse.builder().severity(NoticeResponse.Severity.NOTICE).sqlState("00000")
                        .message("session is recorded").build(),
                new CommandComplete("INSERT 0 1"),
                EmptyQueryResponse.INSTANCE,
                ParseComplete.INSTANCE,
                BindComplete.INSTANCE,
                CloseComplete.INSTANCE,
                NoData.INSTANCE,
                PortalSuspended.INSTANCE,
                io.hoopgw.core.protocol.backend.CopyDone.INSTANCE,
                new io.hoopgw.core.protocol.backend.CopyData(Unpooled.copiedBuffer(new byte[] {'x', '\n'})),
                new CopyInResponse((byte) 0, List.of((short) 0, (short) 0)),
                new CopyOutResponse((byte) 1, List.of((short) 1)),
                new CopyBothResponse((byte) 0, List.of()),
                DataRow.of("42".getBytes(StandardCharsets.UTF_8), null, new byte[0]),
                DataRow.of(),
                new FunctionCallResponse(new byte[] {0, 0, 0, 7}),
                new FunctionCallResponse(null),
                new NotificationResponse(77, "orders", "{\"id\":1}"),
                new ParameterDescription(List.of(23, 25)),
                new RowDescription(List.of(
                        new RowDescription.Field("id", 16384, (short) 1, 23, (short) 4, -1, (short) 0),
                        new RowDescription.Field("name", 16384, (short) 2, 25, (short) -1, -1, (short) 0))));
    }
}
