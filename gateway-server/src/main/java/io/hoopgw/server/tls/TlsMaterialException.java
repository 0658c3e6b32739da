package io.hoopgw.server.tls;

/**
 * Certificates or keys could not be read, did not fit together, or a TLS context could not be built from them. The
 * message names the file and the reason, never key material.
 */
public final class TlsMaterialException extends Exception {
    private static final long serialVersionUID = 1L;

    public TlsMaterialException(String message) {
        super(message);
    }

    public TlsMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
