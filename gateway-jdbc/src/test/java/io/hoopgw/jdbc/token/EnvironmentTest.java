package io.hoopgw.jdbc.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentTest {

    @Test
    void theSystemEnvironmentReadsTheProcessEnvironmentAndUserHome() {
        Environment system = Environment.system();

        assertThat(system.variable("PATH")).contains(System.getenv("PATH"));
        assertThat(system.userHome()).isEqualTo(Path.of(System.getProperty("user.home")));
    }

    @Test
    void aFixedEnvironmentTreatsEmptyAsUnsetAndHidesValuesFromToString() {
        Environment fixed = Environment.of(Map.of("HOOPGW_TOKEN", "secret", "EMPTY", ""), Path.of("/home/u"));

        assertThat(fixed.variable("HOOPGW_TOKEN")).contains("secret");
        assertThat(fixed.variable("EMPTY")).isEmpty();
        assertThat(fixed.variable("UNSET")).isEmpty();
        assertThat(fixed.userHome()).isEqualTo(Path.of("/home/u"));
        assertThat(fixed.toString()).doesNotContain("secret");
    }
}
