package io.hoopgw.core.protocol.codec;

/**
 * Which message a {@code 'p'} frame holds. The protocol uses one tag for four messages and leaves the choice to
 * the authentication request the server sent last, so the {@link FrontendDecoder} must be told.
 */
public enum AuthenticationExchange {
    /** After AuthenticationCleartextPassword or AuthenticationMD5Password: a PasswordMessage. */
    PASSWORD,
    /** After AuthenticationSASL: a SASLInitialResponse. */
    SASL_INITIAL,
    /** After AuthenticationSASLContinue: a SASLResponse. */
    SASL_RESPONSE,
    /** After AuthenticationGSS, AuthenticationSSPI or AuthenticationGSSContinue: a GSSResponse. */
    GSS,
    /** No authentication request is outstanding; a {@code 'p'} frame is a protocol violation. */
    NONE
}
