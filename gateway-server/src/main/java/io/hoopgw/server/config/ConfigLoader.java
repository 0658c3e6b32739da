package io.hoopgw.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hoopgw.core.auth.TrustedIssuer;
import io.hoopgw.server.config.ConfigException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a gateway configuration from YAML and validates it completely: every key known (a misspelt key is an
 * error), every value of the right type and range, every secret resolvable, every name a grant or default role uses
 * declared. All problems are reported together in one {@link ConfigException}.
 *
 * <p>Relative paths in the file ({@code certFile}, {@code caFile}, {@code jwksFile}, secret files) are taken
 * relative to the directory of the configuration file; for {@link #parse} text, relative to the working directory.
 *
 * <p>The format, with every key, is documented by the example in the project README.
 */
public final class ConfigLoader {
    private static final List<String> KEYS = List.of("listeners", "issuers", "targets", "grants", "limits",
            "masking", "audit", "policy");

    private static final Pattern MARK = Pattern.compile("\\s*in '.*', line (\\d+), column (\\d+):");

    /** The YAML reader for configuration files: duplicate keys are errors. */
    static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private final Function<String, String> environment;

    private ConfigLoader(Function<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * A loader that resolves {@code {env: NAME}} secrets with {@code environment} instead of the process
     * environment (tests, or an embedding application with its own secret store). {@code environment} returns null
     * for an unset variable.
     */
    public static ConfigLoader withEnvironment(Function<String, String> environment) {
        return new ConfigLoader(environment);
    }

    /** Reads and validates the configuration file {@code file}, with secrets from the process environment. */
    public static GatewayConfig load(Path file) throws ConfigException {
        return withEnvironment(System::getenv).read(file);
    }

    /**
     * Reads and validates configuration text, with secrets from the process environment.
     *
     * @param sourceName names the text in error messages (a file name, {@code <stdin>})
     */
    public static GatewayConfig parse(String yaml, String sourceName) throws ConfigException {
        return withEnvironment(System::getenv).read(yaml, sourceName, Path.of(""));
    }

    /** Reads and validates the configuration file {@code file}; problems name it as given. */
    public GatewayConfig read(Path file) throws ConfigException {
        String source = file.toString();
        String yaml = readText(file);
        Path directory = file.toAbsolutePath().getParent();
        return read(yaml, source, directory);
    }

    /**
     * Reads and validates configuration text.
     *
     * @param sourceName names the text in error messages
     * @param baseDir    the directory relative paths in the text start from
     */
    public GatewayConfig read(String yaml, String sourceName, Path baseDir) throws ConfigException {
        JsonNode tree = parseYaml(yaml, sourceName);
        ReadContext context = new ReadContext(baseDir, environment);
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ConfigException(sourceName, List.of(new Problem("", "the configuration is empty")));
        }
        Section root = Section.of(context, "", tree, KEYS);
        if (root == null) {
            throw new ConfigException(sourceName, context.problems());
        }
        List<ListenerConfig> listeners = ListenerReader.read(root);
        List<TrustedIssuer> issuers = IssuerReader.read(root);
        TargetReader.Result targets = TargetReader.read(root);
        List<GrantConfig> grants = GrantReader.read(root, targets.declared());
        LimitsConfig limits = LimitsReader.read(root);
        Optional<MaskingSettings> masking = MaskingReader.read(root);
        Optional<AuditSettings> audit = AuditSettingsReader.read(root);
        Optional<PolicySettings> policy = PolicyReader.read(root);
        if (context.problemCount() > 0) {
            throw new ConfigException(sourceName, context.problems());
        }
        return new GatewayConfig(listeners, issuers, targets.targets(), grants, limits, masking, audit, policy);
    }

    /**
     * Reads only the {@code policy} section and the target names of a configuration file: what checking
     * statements against the policy needs, on a machine that need not hold the gateway's secrets. The policy (and
     * its file) is validated in full and unknown top-level keys are reported; nothing else is checked.
     */
    public static PolicyOnly loadPolicyOnly(Path file) throws ConfigException {
        String source = file.toString();
        String yaml = readText(file);
        JsonNode tree = parseYaml(yaml, source);
        ReadContext context = new ReadContext(file.toAbsolutePath().getParent(), name -> null);
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new ConfigException(source, List.of(new Problem("", "the configuration is empty")));
        }
        Section root = Section.of(context, "", tree, KEYS);
        if (root == null) {
            throw new ConfigException(source, context.problems());
        }
        Optional<PolicySettings> policy = PolicyReader.read(root);
        List<String> targets = new ArrayList<>();
        for (Section.Element target : root.entries("targets", false)) {
            targets.add(target.name());
        }
        if (context.problemCount() > 0) {
            throw new ConfigException(source, context.problems());
        }
        return new PolicyOnly(policy, targets);
    }

    /**
     * What {@link #loadPolicyOnly} reads.
     *
     * @param policy  the policy section; empty when the configuration has none
     * @param targets the names of the configured targets, in configuration order
     */
    public record PolicyOnly(Optional<PolicySettings> policy, List<String> targets) {
        public PolicyOnly {
            Objects.requireNonNull(policy, "policy");
            targets = List.copyOf(targets);
        }
    }

    private static String readText(Path file) throws ConfigException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of(new Problem("", "file not found")));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new Problem("", "cannot read the file: " + e)));
        }
    }

    private static JsonNode parseYaml(String yaml, String sourceName) throws ConfigException {
        try {
            return YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(sourceName, List.of(new Problem("", syntaxError(e))));
        }
    }

    /**
     * The parser's complaint and where it was. SnakeYAML's message quotes the offending lines, which may hold an
     * inline secret, so only its unindented lines (the complaint itself) are kept, and the position is taken from
     * its last mark, which points at the problem rather than at where the enclosing structure began.
     */
    static String syntaxError(JsonProcessingException e) {
        String message = Objects.requireNonNullElse(e.getOriginalMessage(), "");
        List<String> complaint = new ArrayList<>();
        String where = null;
        for (String line : message.split("\n")) {
            Matcher mark = MARK.matcher(line);
            if (mark.matches()) {
                where = "line " + mark.group(1) + ", column " + mark.group(2);
            } else if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                complaint.add(line.strip());
            }
        }
        JsonLocation location = e.getLocation();
        if (where == null && location != null && location.getLineNr() > 0) {
            where = "line " + location.getLineNr() + ", column " + location.getColumnNr();
        }
        String what = complaint.isEmpty() ? "cannot be parsed" : String.join(": ", complaint);
        return "invalid YAML: " + (where == null ? "" : where + ": ") + what;
    }
}
