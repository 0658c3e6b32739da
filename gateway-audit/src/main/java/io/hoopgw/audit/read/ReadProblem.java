package io.hoopgw.audit.read;

/**
 * A file or part of a file a reader could not use; reading went on with the rest.
 *
 * @param file    the file name within the audit directory
 * @param offset  the byte offset where the problem starts, -1 for the whole file
 * @param message what is wrong
 */
public record ReadProblem(String file, long offset, String message) {
    /** {@code file@offset: message}. */
    public String describe() {
        return file + (offset >= 0 ? "@" + offset : "") + ": " + message;
    }
}
