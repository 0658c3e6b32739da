package io.hoopgw.server;

import io.hoopgw.server.config.GatewayConfig;
import io.hoopgw.server.session.DataPathControls;

/** Builds the data-path controls a configuration asks for. */
final class ConfiguredControls {
    private ConfiguredControls() {
    }

    static DataPathControls from(GatewayConfig config) {
        return DataPathControls.NONE;
    }
}
