package io.hoopgw.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hoopgw.jdbc.testing.Props;
import io.hoopgw.jdbc.testing.TestJwts;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Checks the {@code -all} jar built by the package phase, as a tool that takes one driver jar would use it: both
 * drivers' service entries, and the driver working from that jar alone in an isolated class loader.
 */
class ShadedJarIT {
    private static final Path JAR = Path.of(System.getProperty("hoopgw.jdbc.allJar"));

    @Test
    void declaresBothDriversAsJavaSqlDriverServices() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile());
                InputStream in = jar.getInputStream(jar.getEntry("META-INF/services/java.sql.Driver"))) {
            List<String> services = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.toList());

            assertThat(services).containsExactlyInAnyOrder("io.hoopgw.jdbc.Driver", "org.postgresql.Driver");
        }
    }

    @Test
    void holdsThePostgresqlDriverAndARelocatedNimbus() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(entry -> entry.getName()).collect(Collectors.toList());

            assertThat(names).contains("io/hoopgw/jdbc/Driver.class", "org/postgresql/Driver.class",
                    "io/hoopgw/jdbc/shaded/com/nimbusds/jwt/JWTParser.class", "io/hoopgw/jdbc/driver.properties");
            assertThat(names).noneMatch(name -> name.startsWith("com/nimbusds/"));
            assertThat(names).noneMatch(name -> name.endsWith("module-info.class"));
        }
    }

    @Test
    void worksAloneInAnIsolatedClassLoader() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {JAR.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            List<String> drivers = ServiceLoader.load(java.sql.Driver.class, loader).stream()
                    .map(provider -> provider.type().getName())
                    .collect(Collectors.toList());
            assertThat(drivers).contains("io.hoopgw.jdbc.Driver", "org.postgresql.Driver");

            java.sql.Driver driver = (java.sql.Driver) loader.loadClass("io.hoopgw.jdbc.Driver")
                    .getDeclaredConstructor().newInstance();
            assertThat(driver.getClass().getClassLoader()).isSameAs(loader);
            assertThat(driver.acceptsURL("jdbc:hoopgw://gw/db")).isTrue();
            assertThat(driver.connect("jdbc:postgresql://gw/db", null)).isNull();

            // Reading exp needs the relocated Nimbus: an expired token from a command must be refused.
            Path token = Files.createTempFile("expired", ".jwt");
            try {
                Instant past = Instant.now().minusSeconds(3600);
                Files.writeString(token, TestJwts.expiringAt("alice", past));
                assertThatThrownBy(() -> driver.connect("jdbc:hoopgw://127.0.0.1/db",
                        Props.of("tokenProvider", "tokenCommand", "tokenCommand", "cat '" + token + "'")))
                        .isInstanceOf(SQLException.class)
                        .hasMessageStartingWith("tokenCommand: the command printed a token that expired at ");
            } finally {
                Files.delete(token);
            }
        }
    }
}
