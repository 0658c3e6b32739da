package io.hoopgw.audit.read;

/**
 * A file or part of a file a reader could not use; reading went on with the rest.
 *
 * @param file     the file name within the audit directory
 * @param offset   the byte offset where the problem starts, -1 for the whole file
 * @param message  what is wrong
 * @param tornTail whether it is a segment ending inside a block, or damaged where nothing after it was acknowledged:
 *                 the batch a crash, a power loss or a failed write (a full disk) interrupted, never acknowledged as
 *                 recorded. Normal after any of them, and left in place since segments are never rewritten;
 *                 {@code hoopgw audit verify} notes it too rather than failing
 */
public record ReadProblem(String file, long offset, String message, boolean tornTail) {
    /** A problem that is not a torn tail: a foreign file, a damaged block, a file that cannot be opened. */
    public ReadProblem(String file, long offset, String message) {
        this(file, offset, message, false);
    }

    /** Whether the problem means the directory was not read in full: everything but a torn tail. */
    public boolean failure() {
        return !tornTail;
    }

    /** {@code file@offset: message}. */
    public String describe() {
        return file + (offset >= 0 ? "@" + offset : "") + ": " + message;
    }
}
