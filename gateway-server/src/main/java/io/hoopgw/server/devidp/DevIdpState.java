package io.hoopgw.server.devidp;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dev identity provider's state file: one small JSON object,
 * <pre>{"issuer": "http://127.0.0.1:PORT", "audience": "hoopgw", "signingKey": {private JWK}}</pre>
 * written by a running provider so that {@code hoopgw token} can mint tokens for it from another process.
 */
record DevIdpState(String issuer, String audience, JWK signingKey) {
    /** Bounds what a mistaken path (a log, a database file) makes us read. */
    private static final int MAX_BYTES = 64 * 1024;

    static DevIdpState read(Path file) throws IOException {
        String json;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IOException(file + ": larger than " + MAX_BYTES + " bytes; not a dev IdP state file");
            }
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no dev IdP state file here (is `hoopgw demo` running?)", e);
        } catch (AccessDeniedException e) {
            throw new IOException(file + ": not readable", e);
        }
        Map<String, Object> object;
        try {
            object = JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw new IOException(file + ": not a JSON object", e);
        }
        return new DevIdpState(text(file, object, "issuer"), text(file, object, "audience"),
                key(file, object));
    }

    void write(Path file) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("issuer", issuer);
        object.put("audience", audience);
        object.put("signingKey", signingKey.toJSONObject());
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Write a private temporary file and move it into place, so a reader never sees half a key and the
        // key is never briefly world-readable.
        Path temp = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(dir, ".devidp", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, ".devidp", ".tmp");
        try {
            Files.writeString(temp, JSONObjectUtils.toJSONString(object) + "\n", StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String text(Path file, Map<String, Object> object, String key) throws IOException {
        try {
            String value = JSONObjectUtils.getString(object, key);
            if (value == null || value.isBlank()) {
                throw new IOException(file + ": " + key + ": missing");
            }
            return value;
        } catch (ParseException e) {
            throw new IOException(file + ": " + key + ": not a string", e);
        }
    }

    private static JWK key(Path file, Map<String, Object> object) throws IOException {
        try {
            Map<String, Object> jwk = JSONObjectUtils.getJSONObject(object, "signingKey");
            if (jwk == null) {
                throw new IOException(file + ": signingKey: missing");
            }
            return JWK.parse(jwk);
        } catch (ParseException e) {
            // Nimbus's message names the bad JWK member, never key material.
            throw new IOException(file + ": signingKey: not a valid JWK: " + e.getMessage(), e);
        }
    }
}
