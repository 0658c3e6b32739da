package io.hoopgw.core.protocol;

/**
 * The SQLSTATE codes the gateway itself raises. Upstream errors pass through with their own codes.
 *
 * @see <a href="https://www.postgresql.org/docs/current/errcodes-appendix.html">PostgreSQL error codes</a>
 */
public enum SqlState {
    /** The login was refused: no TLS, no grant for the target or role. */
    INVALID_AUTHORIZATION_SPECIFICATION("28000"),
    /** The presented token failed verification. */
    INVALID_PASSWORD("28P01"),
    /** The policy denies the statement. */
    INSUFFICIENT_PRIVILEGE("42501"),
    /** The audit store cannot write, so nothing may be forwarded. */
    IO_ERROR("58030"),
    /** The client broke the wire protocol. */
    PROTOCOL_VIOLATION("08P01"),
    /** The upstream server could not be reached or failed mid-session. */
    CONNECTION_FAILURE("08006"),
    /** The upstream refused the gateway's own connection attempt. */
    SQLCLIENT_UNABLE_TO_ESTABLISH_SQLCONNECTION("08001"),
    /** The gateway's connection limit is reached. */
    TOO_MANY_CONNECTIONS("53300"),
    /** The client asked for a feature the gateway does not offer. */
    FEATURE_NOT_SUPPORTED("0A000"),
    /** The named target (the client's {@code database}) does not exist. */
    INVALID_CATALOG_NAME("3D000"),
    /** The session was ended by the gateway (idle or startup timeout, shutdown). */
    ADMIN_SHUTDOWN("57P01"),
    /** The session saw no traffic for the configured idle timeout. */
    IDLE_SESSION_TIMEOUT("57P05"),
    /** A result passed the policy's row limit and was stopped (program_limit_exceeded). */
    PROGRAM_LIMIT_EXCEEDED("54000"),
    /** The gateway could not resolve what masking a result needs, so it withheld the result. */
    SYSTEM_ERROR("58000"),
    /** A statement was cancelled (used by gateway-enforced timeouts). */
    QUERY_CANCELED("57014"),
    /** Something the gateway did not expect; the message says what. */
    INTERNAL_ERROR("XX000");

    private final String code;

    SqlState(String code) {
        this.code = code;
    }

    /** The five-character SQLSTATE code. */
    public String code() {
        return code;
    }
}
