package io.hoopgw.server.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaults() {
        LocalPostgres.Options options = LocalPostgres.Options.defaults();
        assertThat(options.superuser()).isEqualTo("postgres");
        assertThat(options.superuserPassword()).isEmpty();
        assertThat(options.port()).isZero();
        assertThat(options.fsync()).isFalse();
        assertThat(options.strategy()).isEmpty();
        assertThat(options.dataDirParent()).isEmpty();
        assertThat(options.serverSettings()).containsExactly(
                Map.entry("password_encryption", "scram-sha-256"), Map.entry("fsync", "off"));
    }

    @Test
    void givenSettingsComeAfterTheBaseOnesAndMayOverrideThem() {
        LocalPostgres.Options options = LocalPostgres.Options.builder()
                .setting("log_statement", "all")
                .settings(Map.of("fsync", "on"))
                .build();
        assertThat(options.settings()).containsExactly(Map.entry("log_statement", "all"), Map.entry("fsync", "on"));
        assertThat(options.serverSettings()).containsExactly(Map.entry("password_encryption", "scram-sha-256"),
                Map.entry("fsync", "on"), Map.entry("log_statement", "all"));
    }

    @Test
    void settingsLocalPostgresControlsAreRefused() {
        assertThatThrownBy(() -> LocalPostgres.Options.builder().setting("port", "5432"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setting port is controlled by LocalPostgres; use Options.Builder.port");
        assertThatThrownBy(() -> LocalPostgres.Options.builder().setting("listen_addresses", "*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setting listen_addresses is controlled by LocalPostgres");
    }

    @Test
    void malformedValuesAreRefused() {
        LocalPostgres.Options.Builder builder = LocalPostgres.Options.builder();
        assertThatThrownBy(() -> builder.setting("Work Mem", "4MB"))
                .hasMessage("setting name 'Work Mem' is not a PostgreSQL setting name");
        assertThatThrownBy(() -> builder.setting("work_mem", "4MB\nfsync = on"))
                .hasMessage("setting work_mem must be a single line");
        assertThatThrownBy(() -> builder.hbaLine("host all all 0.0.0.0/0 trust\nlocal all all trust"))
                .hasMessage("pg_hba line must be a single line");
        assertThatThrownBy(() -> builder.superuser("Robert'); DROP"))
                .hasMessageStartingWith("superuser 'Robert'); DROP' must be a lower-case identifier");
        assertThatThrownBy(() -> builder.superuserPassword(""))
                .hasMessage("superuser password must not be empty");
        assertThatThrownBy(() -> builder.port(65536))
                .hasMessage("port must be between 0 and 65535, not 65536");
    }

    @Test
    void builtOptionsDoNotChangeWithTheBuilder() {
        LocalPostgres.Options.Builder builder = LocalPostgres.Options.builder().hbaLine("local all all peer");
        LocalPostgres.Options options = builder.build();
        builder.hbaLine("host all all 127.0.0.1/32 trust").setting("work_mem", "1MB");
        assertThat(options.hbaLines()).containsExactly("local all all peer");
        assertThat(options.settings()).isEmpty();
    }
}
