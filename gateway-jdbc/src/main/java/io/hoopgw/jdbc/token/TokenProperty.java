package io.hoopgw.jdbc.token;

import java.util.Arrays;
import java.util.Optional;

/**
 * The connection properties that belong to the driver rather than to the PostgreSQL driver it delegates to. They
 * may be URL parameters or {@code Properties} entries; they are never passed on.
 */
public enum TokenProperty {
    /** A literal token. */
    TOKEN("token", null, "The identity token (a JWT) to present to the gateway as the password."),
    /** Selects one provider instead of trying them in order. */
    TOKEN_PROVIDER("tokenProvider", null,
            "Use only this token provider: token, env, tokenFile, tokenCommand, githubActions or login. "
                    + "Unset: try them in that order."),
    /** A file holding the token, re-read on every connection. */
    TOKEN_FILE("tokenFile", null,
            "A file holding the token, re-read for every connection (Kubernetes projected tokens rotate)."),
    /** A command that prints the token. */
    TOKEN_COMMAND("tokenCommand", null,
            "A shell command that prints the token on stdout; its token is reused until shortly before it expires."),
    /** How long the token command may run. */
    TOKEN_COMMAND_TIMEOUT("tokenCommandTimeout", "10", "Seconds tokenCommand may run before it is killed."),
    /** The audience to request from GitHub Actions. */
    GITHUB_AUDIENCE("githubAudience", "hoopgw",
            "The audience requested for a GitHub Actions OIDC token; must match the gateway's configured audience.");

    private final String propertyName;
    private final String defaultValue;
    private final String description;

    TokenProperty(String propertyName, String defaultValue, String description) {
        this.propertyName = propertyName;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The name as written in a URL or {@code Properties}. */
    public String propertyName() {
        return propertyName;
    }

    /** The value used when the property is not given, or null when there is none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** One sentence for tools that list driver properties. */
    public String description() {
        return description;
    }

    /** The property with this name, if it is one of the driver's own. */
    public static Optional<TokenProperty> forName(String propertyName) {
        return Arrays.stream(values()).filter(p -> p.propertyName.equals(propertyName)).findFirst();
    }
}
