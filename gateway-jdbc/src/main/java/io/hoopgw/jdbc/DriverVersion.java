package io.hoopgw.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The project version, written into {@code driver.properties} by the build. */
final class DriverVersion {
    private static final String RESOURCE = "driver.properties";
    private static final Pattern MAJOR_MINOR = Pattern.compile("^(\\d+)\\.(\\d+)");

    static final String VERSION = load();
    static final int MAJOR;
    static final int MINOR;

    static {
        Matcher matcher = MAJOR_MINOR.matcher(VERSION);
        if (!matcher.find()) {
            throw new IllegalStateException("the driver version '" + VERSION + "' does not start with major.minor");
        }
        MAJOR = Integer.parseInt(matcher.group(1));
        MINOR = Integer.parseInt(matcher.group(2));
    }

    private DriverVersion() {
    }

    private static String load() {
        try (InputStream in = DriverVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the driver jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
