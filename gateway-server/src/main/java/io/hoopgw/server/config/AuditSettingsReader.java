package io.hoopgw.server.config;

import com.nimbusds.jose.jwk.JWK;
import io.hoopgw.audit.schema.CaptureMode;
import io.hoopgw.audit.store.CheckpointSigner;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code audit}; absent, the gateway records nothing. */
final class AuditSettingsReader {
    private static final List<String> KEYS = List.of("directory", "instance", "signingKey", "results", "sampleRows",
            "sampleSize", "maxValueSize", "maxSegmentSize", "maxSegmentAge", "checkpointRecords",
            "checkpointInterval", "commitBatch", "preallocateSegments");

    /** Instance names go into every record and the CLI's output: keep them to host-name characters. */
    private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final String FALLBACK_INSTANCE = "hoopgw";

    private AuditSettingsReader() {
    }

    /** The settings; empty when there is no {@code audit} section or it has problems (reported). */
    static Optional<AuditSettings> read(Section root) {
        if (!root.has("audit")) {
            return Optional.empty();
        }
        ReadContext context = root.context();
        Section section = Section.of(context, root.keyPath("audit"), root.get("audit"), KEYS);
        if (section == null) {
            return Optional.empty();
        }
        int before = context.problemCount();
        Path directory = directory(section);
        String instance = instance(section);
        JWK signingKey = signingKey(section);
        CaptureMode results = results(section);
        int sampleRows = section.integer("sampleRows", AuditSettings.DEFAULT_SAMPLE_ROWS, 0, 1_000_000);
        int sampleBytes = section.size("sampleSize", AuditSettings.DEFAULT_SAMPLE_BYTES, 0, 64 << 20);
        int maxValueBytes = section.size("maxValueSize", AuditSettings.DEFAULT_MAX_VALUE_BYTES, 16, 64 << 20);
        int maxSegmentBytes = section.size("maxSegmentSize", AuditSettings.DEFAULT_MAX_SEGMENT_BYTES, 64 << 10,
                1 << 30);
        Duration maxSegmentAge = section.duration("maxSegmentAge", AuditSettings.DEFAULT_MAX_SEGMENT_AGE,
                Duration.ofSeconds(1));
        int checkpointRecords = section.integer("checkpointRecords", AuditSettings.DEFAULT_CHECKPOINT_RECORDS, 1,
                100_000_000);
        Duration checkpointInterval = section.duration("checkpointInterval",
                AuditSettings.DEFAULT_CHECKPOINT_INTERVAL, Duration.ofMillis(100));
        int commitBatch = section.integer("commitBatch", AuditSettings.DEFAULT_COMMIT_BATCH, 1, 1_000_000);
        boolean preallocateSegments = section.bool("preallocateSegments", true);
        if (context.problemCount() > before) {
            return Optional.empty();
        }
        return Optional.of(new AuditSettings(directory, instance, signingKey, results, sampleRows, sampleBytes,
                maxValueBytes, maxSegmentBytes, maxSegmentAge, checkpointRecords, checkpointInterval, commitBatch,
                preallocateSegments));
    }

    /** The directory, made absolute; it need not exist yet (the gateway creates it), but must not be a file. */
    private static Path directory(Section section) {
        String text = section.requiredString("directory");
        if (text == null) {
            return null;
        }
        Path directory = section.context().resolve(text);
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            section.context().problem(section.keyPath("directory"), "not a directory: " + directory);
            return null;
        }
        return directory;
    }

    private static String instance(Section section) {
        if (!section.has("instance")) {
            return defaultInstance();
        }
        String instance = section.string("instance");
        if (instance != null && !INSTANCE.matcher(instance).matches()) {
            section.context().problem(section.keyPath("instance"), "'" + instance + "' is not a valid instance"
                    + " name: use up to 63 letters, digits, '.', '_' and '-', starting with a letter or digit");
            return null;
        }
        return instance;
    }

    /**
     * This machine's host name, which names the gateway instance unless the configuration does; {@value
     * #FALLBACK_INSTANCE} when the name cannot be found or is not a valid instance name.
     */
    static String defaultInstance() {
        try {
            String host = InetAddress.getLocalHost().getHostName();
            return INSTANCE.matcher(host).matches() ? host : FALLBACK_INSTANCE;
        } catch (UnknownHostException e) {
            return FALLBACK_INSTANCE;
        }
    }

    /**
     * The private checkpoint key. Problems name where the key came from but never quote it: the text is a private
     * key, or whatever was put in its place.
     */
    private static JWK signingKey(Section section) {
        Secret secret = section.secret("signingKey");
        if (secret == null) {
            return null;
        }
        String path = section.keyPath("signingKey");
        JWK key;
        try {
            key = JWK.parse(secret.reveal().trim());
        } catch (ParseException e) {
            section.context().problem(path, "is not a JWK (" + secret.origin() + "); make a key with"
                    + " 'hoopgw audit keygen'");
            return null;
        }
        if (!key.isPrivate()) {
            section.context().problem(path, "is a public key (" + secret.origin() + "); give the private key that"
                    + " 'hoopgw audit keygen' wrote (the .pub.jwk file is for 'hoopgw audit verify')");
            return null;
        }
        try {
            new CheckpointSigner(key);
        } catch (IllegalArgumentException e) {
            section.context().problem(path, e.getMessage() + " (" + secret.origin() + ")");
            return null;
        }
        return key;
    }

    private static CaptureMode results(Section section) {
        String text = section.string("results");
        if (text == null) {
            return AuditSettings.DEFAULT_RESULTS;
        }
        return switch (text) {
            case "none", "digest", "rows" -> CaptureMode.valueOf(text.toUpperCase(Locale.ROOT));
            default -> {
                section.context().problem(section.keyPath("results"), "must be none, digest or rows, not '" + text
                        + "'");
                yield AuditSettings.DEFAULT_RESULTS;
            }
        };
    }
}
