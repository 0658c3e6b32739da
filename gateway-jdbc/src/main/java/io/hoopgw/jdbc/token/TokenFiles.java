package io.hoopgw.jdbc.token;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a token from a file, with errors that name the file and never its content. */
final class TokenFiles {
    /** Far above any real JWT; a larger file is not a token and is not read into memory. */
    static final int MAX_BYTES = 64 * 1024;

    private TokenFiles() {
    }

    /**
     * The file's content without surrounding whitespace.
     *
     * @param label how messages name the file ({@code "tokenFile /var/run/token"})
     */
    static String read(Path file, String label) throws TokenException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new TokenException(label + ": file not found", e);
        } catch (AccessDeniedException e) {
            throw new TokenException(label + ": permission denied", e);
        } catch (IOException e) {
            throw new TokenException(label + ": cannot read: " + e, e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new TokenException(label + ": larger than " + MAX_BYTES + " bytes, so not a token");
        }
        String token = new String(bytes, StandardCharsets.UTF_8).trim();
        if (token.isEmpty()) {
            throw new TokenException(label + ": file is empty");
        }
        return token;
    }
}
