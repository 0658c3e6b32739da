package io.hoopgw.server;

import io.hoopgw.core.auth.Identity;
import io.hoopgw.server.access.AccessDecision;
import io.hoopgw.server.access.GrantResolver;
import io.hoopgw.server.session.SessionServices;

/** Access decisions from the configuration's grants. */
final class ConfiguredAccess implements SessionServices.AccessControl {
    private final GrantResolver grants;

    ConfiguredAccess(GrantResolver grants) {
        this.grants = grants;
    }

    @Override
    public SessionServices.Access decide(Identity identity, String target, String requestedRole) {
        AccessDecision decision = grants.resolve(identity, target, requestedRole);
        if (decision instanceof AccessDecision.Granted granted) {
            return new SessionServices.Access.Granted(granted.target().name(), granted.role(), granted.grantName());
        }
        return new SessionServices.Access.Refused(((AccessDecision.Refused) decision).reason());
    }
}
