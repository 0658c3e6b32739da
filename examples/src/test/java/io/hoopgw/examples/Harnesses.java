package io.hoopgw.examples;

import io.hoopgw.server.testing.GatewayHarness;
import java.util.Properties;

/** The examples' view of a {@link GatewayHarness}. */
final class Harnesses {
    private Harnesses() {
    }

    /** The {@code jdbc:hoopgw:} URL of the harness's gateway and target. */
    static String url(GatewayHarness harness) {
        return "jdbc:hoopgw://127.0.0.1:" + harness.port() + "/" + harness.target();
    }

    /** Properties for {@code role} with a token for {@code subject} in {@code group}. */
    static Properties as(GatewayHarness harness, String role, String subject, String group) {
        Properties properties = new Properties();
        properties.setProperty("user", role);
        properties.setProperty("token", harness.token(subject, group));
        return properties;
    }
}
