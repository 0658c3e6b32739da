package io.hoopgw.server;

import io.hoopgw.server.config.GatewayConfig;
import io.hoopgw.server.config.TargetConfig;
import io.hoopgw.server.session.SessionServices;
import io.hoopgw.server.tls.TlsMaterialException;
import io.hoopgw.server.tls.UpstreamTls;
import io.hoopgw.server.tls.UpstreamTlsMode;
import io.hoopgw.server.upstream.UpstreamCredential;
import io.hoopgw.server.upstream.UpstreamEndpoint;
import io.netty.handler.ssl.SslContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The configured targets, with their TLS contexts built once at start-up. */
final class ConfiguredTargets implements SessionServices.Targets {
    private final Map<String, TargetConfig> targets;
    private final Map<String, UpstreamEndpoint> endpoints;

    private ConfiguredTargets(Map<String, TargetConfig> targets, Map<String, UpstreamEndpoint> endpoints) {
        this.targets = targets;
        this.endpoints = endpoints;
    }

    static ConfiguredTargets from(GatewayConfig config) throws TlsMaterialException {
        Map<String, UpstreamEndpoint> endpoints = new LinkedHashMap<>();
        for (TargetConfig target : config.targets().values()) {
            UpstreamTlsMode mode = target.tls().mode();
            SslContext tls = mode == UpstreamTlsMode.DISABLE ? null
                    : UpstreamTls.clientContext(mode, target.tls().caFile());
            endpoints.put(target.name(), new UpstreamEndpoint(target.name(), target.host(), target.port(),
                    target.database(), tls, mode == UpstreamTlsMode.VERIFY_FULL, target.auth()));
        }
        return new ConfiguredTargets(config.targets(), endpoints);
    }

    @Override
    public Optional<UpstreamEndpoint> endpoint(String target) {
        return Optional.ofNullable(endpoints.get(target));
    }

    @Override
    public Optional<UpstreamCredential> credential(String target, String role) {
        return Optional.ofNullable(targets.get(target))
                .map(config -> config.roles().get(role))
                .map(roleConfig -> new UpstreamCredential(role,
                        roleConfig.password() == null ? null : roleConfig.password().reveal()));
    }
}
