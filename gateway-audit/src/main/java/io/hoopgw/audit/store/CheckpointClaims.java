package io.hoopgw.audit.store;

import java.text.ParseException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a checkpoint signs: the gateway instance, the covered record's sequence number and chain hash, and when.
 *
 * @param instance the gateway instance that wrote the chain
 * @param sequence the covered record (the one before the checkpoint record)
 * @param hash     the covered record's chain hash
 * @param issuedAt when the checkpoint was made (seconds precision)
 */
public record CheckpointClaims(String instance, long sequence, byte[] hash, Instant issuedAt) {
    /** The payload format version. */
    public static final int VERSION = 1;

    /** The JWS payload as a JSON object. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("v", VERSION);
        json.put("instance", instance);
        json.put("seq", sequence);
        json.put("hash", HexFormat.of().formatHex(hash));
        json.put("iat", issuedAt.getEpochSecond());
        return json;
    }

    /**
     * Reads a JWS payload.
     *
     * @throws ParseException when a field is missing or of the wrong type
     */
    public static CheckpointClaims fromJson(Map<String, Object> json) throws ParseException {
        try {
            Object v = json.get("v");
            if (!(v instanceof Number n) || n.intValue() != VERSION) {
                throw new ParseException("unsupported checkpoint version " + v, 0);
            }
            return new CheckpointClaims((String) json.get("instance"), ((Number) json.get("seq")).longValue(),
                    HexFormat.of().parseHex((String) json.get("hash")),
                    Instant.ofEpochSecond(((Number) json.get("iat")).longValue()));
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new ParseException("malformed checkpoint payload: " + e.getMessage(), 0);
        }
    }
}
