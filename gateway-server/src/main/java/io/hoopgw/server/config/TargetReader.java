package io.hoopgw.server.config;

import io.hoopgw.server.config.Section.Element;
import io.hoopgw.server.config.TargetConfig.RoleConfig;
import io.hoopgw.server.config.TargetConfig.TargetTls;
import io.hoopgw.server.tls.UpstreamTlsMode;
import io.hoopgw.server.upstream.UpstreamAuthMethod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code targets}. */
final class TargetReader {
    private static final List<String> KEYS = List.of("host", "port", "database", "tls", "auth", "defaultRole",
            "roles");
    private static final List<String> TLS_KEYS = List.of("mode", "caFile");
    private static final List<String> ROLE_KEYS = List.of("password");

    /** PostgreSQL truncates identifiers to NAMEDATALEN - 1 = 63 bytes; a longer name could never match. */
    private static final int MAX_NAME_BYTES = 63;
    private static final Pattern TARGET_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@-]*");

    private TargetReader() {
    }

    /**
     * The targets read, and the names declared in the file whether or not each declaration was valid, so that a
     * grant naming a broken target is not reported a second time as naming a missing one.
     *
     * @param targets  the valid targets, by name, in file order
     * @param declared every declared target name, with every role name declared under it
     */
    record Result(Map<String, TargetConfig> targets, Map<String, Set<String>> declared) {
    }

    static Result read(Section root) {
        ReadContext context = root.context();
        Map<String, TargetConfig> targets = new LinkedHashMap<>();
        Map<String, Set<String>> declared = new LinkedHashMap<>();
        for (Element element : root.entries("targets", true)) {
            String name = element.name();
            Set<String> roleNames = new LinkedHashSet<>();
            declared.put(name, roleNames);
            int before = context.problemCount();
            checkName(context, element.path(), name, TARGET_NAME, "letters, digits, '_', '.' and '-'");
            Section section = Section.of(context, element.path(), element.node(), KEYS);
            if (section == null) {
                continue;
            }
            String host = section.requiredString("host");
            if (host != null && !Hosts.isValidHost(host)) {
                context.problem(section.keyPath("host"), "'" + host + "' is not an IP address or host name");
            }
            int port = section.integer("port", 5432, 1, 65535);
            String database = section.has("database") ? section.string("database") : name;
            if (section.has("database") && database != null
                    && database.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                context.problem(section.keyPath("database"), "must be at most " + MAX_NAME_BYTES + " bytes");
            }
            TargetTls tls = readTls(section);
            Set<UpstreamAuthMethod> auth = readAuth(section);
            Map<String, RoleConfig> roles = readRoles(section, roleNames);
            String defaultRole = section.string("defaultRole");
            if (defaultRole != null && !roleNames.contains(defaultRole)) {
                context.problem(section.keyPath("defaultRole"), "'" + defaultRole
                        + "' is not one of this target's roles " + roleNames);
            }
            if (context.problemCount() == before) {
                targets.put(name, new TargetConfig(name, host, port, database, tls, auth, defaultRole, roles));
            }
        }
        return new Result(targets, declared);
    }

    private static TargetTls readTls(Section target) {
        ReadContext context = target.context();
        if (!target.has("tls")) {
            context.problem(target.keyPath("tls"), "is required: give {mode: disable}, {mode: require} or"
                    + " {mode: verify-full, caFile: ...}");
            return null;
        }
        Section tls = Section.of(context, target.keyPath("tls"), target.get("tls"), TLS_KEYS);
        if (tls == null) {
            return null;
        }
        String modeName = tls.requiredString("mode");
        if (modeName == null) {
            return null;
        }
        UpstreamTlsMode mode = UpstreamTlsMode.fromConfigName(modeName).orElse(null);
        if (mode == null) {
            context.problem(tls.keyPath("mode"), "must be disable, require or verify-full, not '" + modeName + "'");
            return null;
        }
        if (mode != UpstreamTlsMode.VERIFY_FULL) {
            if (tls.has("caFile")) {
                context.problem(tls.keyPath("caFile"), "is used only with mode verify-full (mode " + modeName
                        + " does not verify the server)");
                return null;
            }
            return new TargetTls(mode, null);
        }
        if (!tls.has("caFile")) {
            context.problem(tls.keyPath("caFile"), "is required with mode verify-full");
            return null;
        }
        Path caFile = tls.file("caFile", true);
        return caFile == null ? null : new TargetTls(mode, caFile);
    }

    /**
     * The upstream login methods the gateway may answer. Absent means SCRAM only: anything weaker must be asked for
     * by name, since a server (or a man in the middle) that asks for it can otherwise take or replay the password.
     */
    private static Set<UpstreamAuthMethod> readAuth(Section target) {
        if (!target.has("auth")) {
            return UpstreamAuthMethod.DEFAULT;
        }
        ReadContext context = target.context();
        Set<UpstreamAuthMethod> methods = EnumSet.noneOf(UpstreamAuthMethod.class);
        String allowed = String.join(", ", Arrays.stream(UpstreamAuthMethod.values())
                .map(UpstreamAuthMethod::configName).toList());
        for (Element element : target.list("auth", true)) {
            String name = element.node().isTextual() ? element.node().asText() : element.node().toString();
            UpstreamAuthMethod method = UpstreamAuthMethod.fromConfigName(name).orElse(null);
            if (method == null) {
                context.problem(element.path(), "must be one of " + allowed + ", not '" + name + "'");
            } else {
                methods.add(method);
            }
        }
        return methods.isEmpty() ? null : methods;
    }

    private static Map<String, RoleConfig> readRoles(Section target, Set<String> roleNames) {
        ReadContext context = target.context();
        Map<String, RoleConfig> roles = new LinkedHashMap<>();
        for (Element element : target.entries("roles", true)) {
            String name = element.name();
            roleNames.add(name);
            int before = context.problemCount();
            checkName(context, element.path(), name, ROLE_NAME, "letters, digits, '_', '.', '@' and '-'");
            Section section = Section.of(context, element.path(), element.node(), ROLE_KEYS);
            if (section == null) {
                continue;
            }
            // No password: the role logs in by trust (or the server's other non-password methods).
            Secret password = section.has("password") ? section.secret("password") : null;
            if (context.problemCount() == before) {
                roles.put(name, new RoleConfig(name, password));
            }
        }
        return roles;
    }

    private static void checkName(ReadContext context, String path, String name, Pattern pattern, String allowed) {
        if (!pattern.matcher(name).matches()) {
            context.problem(path, "'" + name + "' is not a valid name: use " + allowed
                    + ", not starting with '.', '-' or '@'");
        } else if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            context.problem(path, "names must be at most " + MAX_NAME_BYTES + " bytes");
        }
    }
}
