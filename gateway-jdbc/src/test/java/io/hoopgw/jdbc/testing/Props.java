package io.hoopgw.jdbc.testing;

import java.util.Properties;

/** Builds {@link Properties} from name/value pairs. */
public final class Props {
    private Props() {
    }

    /** Properties holding {@code namesAndValues}: name, value, name, value, ... */
    public static Properties of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        Properties properties = new Properties();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            properties.setProperty(namesAndValues[i], namesAndValues[i + 1]);
        }
        return properties;
    }
}
