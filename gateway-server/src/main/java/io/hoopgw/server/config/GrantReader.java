package io.hoopgw.server.config;

import io.hoopgw.server.config.Section.Element;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code grants} and checks that every target and role they name is declared. */
final class GrantReader {
    private static final List<String> KEYS = List.of("name", "groups", "targets", "roles");

    private GrantReader() {
    }

    /**
     * @param declared every declared target name with the role names declared under it (see
     *                 {@link TargetReader.Result#declared()})
     */
    static List<GrantConfig> read(Section root, Map<String, Set<String>> declared) {
        ReadContext context = root.context();
        List<GrantConfig> grants = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Element element : root.list("grants", false)) {
            Section section = Section.of(context, element.path(), element.node(), KEYS);
            if (section == null) {
                continue;
            }
            int before = context.problemCount();
            String name = section.requiredString("name");
            if (name != null) {
                String previous = seen.putIfAbsent(name, element.path());
                if (previous != null) {
                    context.problem(section.keyPath("name"), "'" + name + "' is already used by " + previous);
                }
            }
            Set<String> groups = new LinkedHashSet<>(section.strings("groups", true));
            if (groups.contains(GrantConfig.ANY)) {
                context.problem(section.keyPath("groups"), "'*' is not allowed here: name the groups");
            }
            Set<String> targets = readNames(section, "targets");
            Set<String> roles = readNames(section, "roles");
            checkTargets(section, targets, declared);
            checkRoles(section, targets, roles, declared);
            if (context.problemCount() == before) {
                grants.add(new GrantConfig(name, groups, targets, roles));
            }
        }
        return grants;
    }

    private static Set<String> readNames(Section grant, String key) {
        Set<String> names = new LinkedHashSet<>(grant.strings(key, true));
        if (names.contains(GrantConfig.ANY) && names.size() > 1) {
            grant.context().problem(grant.keyPath(key), "'*' must be the only entry when used");
        }
        return names;
    }

    private static void checkTargets(Section grant, Set<String> targets, Map<String, Set<String>> declared) {
        for (String target : targets) {
            if (!target.equals(GrantConfig.ANY) && !declared.containsKey(target)) {
                grant.context().problem(grant.keyPath("targets"), "no target named '" + target + "'");
            }
        }
    }

    /** A named role must exist on at least one of the grant's (existing) targets, or the grant can never apply. */
    private static void checkRoles(Section grant, Set<String> targets, Set<String> roles,
                                   Map<String, Set<String>> declared) {
        boolean anyTarget = targets.contains(GrantConfig.ANY);
        List<String> covered = new ArrayList<>();
        for (String target : anyTarget ? declared.keySet() : targets) {
            if (declared.containsKey(target)) {
                covered.add(target);
            }
        }
        if (covered.isEmpty()) {
            return;
        }
        for (String role : roles) {
            if (role.equals(GrantConfig.ANY)) {
                continue;
            }
            boolean found = covered.stream().anyMatch(target -> declared.get(target).contains(role));
            if (!found) {
                grant.context().problem(grant.keyPath("roles"), anyTarget
                        ? "no target has a role named '" + role + "'"
                        : "no role named '" + role + "' on " + (covered.size() == 1
                                ? "target '" + covered.get(0) + "'" : "targets " + covered));
            }
        }
    }
}
