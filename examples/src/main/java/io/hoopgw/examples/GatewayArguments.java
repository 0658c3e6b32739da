package io.hoopgw.examples;

import java.util.Properties;

/**
 * The gateway URL and PostgreSQL user an example's {@code main} connects with: its first two arguments, or the
 * {@code HOOPGW_URL} and {@code HOOPGW_USER} environment variables.
 *
 * <p>There is deliberately no token argument: a command line is visible to every user of the machine. The driver
 * finds the token itself, in {@code HOOPGW_TOKEN}, a {@code tokenFile} or {@code tokenCommand} URL parameter, a
 * GitHub Actions job, or the file {@code hoopgw login} saves.
 *
 * @param url  a {@code jdbc:hoopgw:} URL
 * @param user the upstream role to use
 */
record GatewayArguments(String url, String user) {

    /**
     * Reads the arguments, or the environment for those not given.
     *
     * @param usage the example's usage line, shown when something is missing
     * @throws IllegalArgumentException naming what is missing, with {@code usage}
     */
    static GatewayArguments parse(String[] args, String usage) {
        String url = args.length > 0 ? args[0] : System.getenv("HOOPGW_URL");
        String user = args.length > 1 ? args[1] : System.getenv("HOOPGW_USER");
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no gateway URL: give it as the first argument or set HOOPGW_URL\n"
                    + "usage: " + usage);
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("no user: give it as the second argument or set HOOPGW_USER\n"
                    + "usage: " + usage);
        }
        return new GatewayArguments(url, user);
    }

    /** Connection properties holding the user; the driver adds the token. */
    Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        return properties;
    }
}
