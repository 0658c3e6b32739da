package io.hoopgw.server.upstream;

import io.hoopgw.core.protocol.backend.ErrorResponse;

/**
 * The gateway could not open its upstream session. When the server refused with an ErrorResponse, that error is
 * kept so its SQLSTATE can reach the client; messages never contain the upstream credential.
 */
public final class UpstreamLoginException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient ErrorResponse serverError;

    public UpstreamLoginException(String message) {
        this(message, null, null);
    }

    public UpstreamLoginException(String message, Throwable cause) {
        this(message, null, cause);
    }

    public UpstreamLoginException(String message, ErrorResponse serverError, Throwable cause) {
        super(message, cause);
        this.serverError = serverError;
    }

    /** The server's own error, or null when the failure was the gateway's (connect, TLS, unsupported method). */
    public ErrorResponse serverError() {
        return serverError;
    }
}
