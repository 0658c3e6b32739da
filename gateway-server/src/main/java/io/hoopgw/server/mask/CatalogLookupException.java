package io.hoopgw.server.mask;

/**
 * A {@link ColumnCatalog} could not name the columns of a result: the target's catalog could not be reached or read
 * in time. The session refuses the result rather than send it without its column rules. The message names the
 * target and the cause, never a credential.
 */
public final class CatalogLookupException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String target;

    /**
     * @param target the target whose catalog failed
     * @param reason what went wrong
     * @param cause  the underlying failure, or null
     */
    public CatalogLookupException(String target, String reason, Throwable cause) {
        super("column catalog of target '" + target + "': " + reason, cause);
        this.target = target;
    }

    /** The target whose catalog failed. */
    public String target() {
        return target;
    }
}
