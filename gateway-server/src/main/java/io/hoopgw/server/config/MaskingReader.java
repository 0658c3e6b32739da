package io.hoopgw.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hoopgw.core.mask.MaskConfigException;
import io.hoopgw.core.mask.MaskingConfig;
import io.hoopgw.server.config.Section.Element;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code masking}. The rules themselves are validated by gateway-core ({@link MaskingConfig#read}); this
 * reader adds the gateway's own keys, resolves each rule's hash {@code key} from a secret reference, and turns the
 * rule problems into configuration problems that name the file, the key, the rule and the reason.
 */
final class MaskingReader {
    private static final List<String> KEYS = List.of("rules", "catalogCacheTtl", "catalogTimeout");
    private static final ObjectMapper PLAIN = new ObjectMapper();
    /**
     * Stands in for a hash key whose secret could not be resolved (already reported), so that gateway-core does not
     * report the same rule again as having no key. The configuration is rejected either way.
     */
    private static final String UNRESOLVED_KEY = "unresolved-secret-reported-already";

    private MaskingReader() {
    }

    static Optional<MaskingSettings> read(Section root) {
        if (!root.has("masking")) {
            return Optional.empty();
        }
        ReadContext context = root.context();
        Section section = Section.of(context, root.keyPath("masking"), root.get("masking"), KEYS);
        if (section == null) {
            return Optional.empty();
        }
        Duration ttl = section.duration("catalogCacheTtl", MaskingSettings.DEFAULT_CATALOG_CACHE_TTL, Duration.ZERO);
        Duration timeout = section.duration("catalogTimeout", MaskingSettings.DEFAULT_CATALOG_TIMEOUT,
                Duration.ofSeconds(1));
        if (timeout.toMillis() % 1000 != 0) {
            context.problem(section.keyPath("catalogTimeout"), "must be whole seconds (pgjdbc's timeouts are)");
            timeout = MaskingSettings.DEFAULT_CATALOG_TIMEOUT;
        }
        List<Object> rules = new ArrayList<>();
        for (Element element : section.list("rules", true)) {
            rules.add(plainRule(context, element));
        }
        MaskingConfig config;
        try {
            config = MaskingConfig.read(section.keyPath("rules"), rules);
        } catch (MaskConfigException e) {
            for (MaskConfigException.Problem problem : e.problems()) {
                context.problem(problem.key(), problem.rule() == null ? problem.reason()
                        : "rule '" + problem.rule() + "': " + problem.reason());
            }
            return Optional.empty();
        }
        return Optional.of(new MaskingSettings(config, ttl, timeout));
    }

    /**
     * One rule as the maps, lists and scalars gateway-core reads, with its {@code key} resolved. A hash key is a
     * secret like a password: it is written {@code {env: NAME}}, {@code {file: path}} or {@code {value: ...}}, never
     * as a plain string, so that whoever can read the configuration cannot compute the tokens.
     */
    private static Object plainRule(ReadContext context, Element element) {
        JsonNode node = element.node();
        if (node.isObject() && node.hasNonNull("key")) {
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            int before = context.problemCount();
            Secret key = Secrets.read(context, element.path() + ".key", node.get("key"));
            JsonNode name = node.get("name");
            if (name != null && name.isTextual() && !name.asText().isBlank()) {
                context.prefixProblemsSince(before, "rule '" + name.asText() + "': ");
            }
            copy.put("key", key == null ? UNRESOLVED_KEY : key.reveal());
            node = copy;
        }
        return PLAIN.convertValue(node, Object.class);
    }
}
