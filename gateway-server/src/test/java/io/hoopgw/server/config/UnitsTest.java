package io.hoopgw.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {

    @ParameterizedTest
    @CsvSource({"0, PT0S", "250ms, PT0.25S", "10s, PT10S", "5m, PT5M", "1h, PT1H", "2d, PT48H"})
    void parsesDurations(String text, Duration expected) {
        assertThat(Units.parseDuration(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "10 s", "1.5s", "-1s", "10S", "1w", "PT10S", "1234567890s"})
    void refusesOtherDurations(String text) {
        assertThatThrownBy(() -> Units.parseDuration(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be a duration like 250ms, 10s, 5m or 1h (or 0), not '" + text + "'");
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1ms, 1ms", "1500ms, 1500ms", "90s, 90s", "120s, 2m", "3600s, 1h", "2d, 48h"})
    void formatsDurationsShortest(String text, String formatted) {
        assertThat(Units.formatDuration(Units.parseDuration(text))).isEqualTo(formatted);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "10000, 10000", "10000B, 10000", "512KiB, 524288", "64MiB, 67108864",
        "1GiB, 1073741824", "64 MiB, 67108864"})
    void parsesSizes(String text, long bytes) {
        assertThat(Units.parseSize(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"64MB", "512KB", "1G", "10k"})
    void refusesDecimalSizeUnits(String text) {
        assertThatThrownBy(() -> Units.parseSize(text))
                .hasMessage("must use binary units KiB, MiB or GiB, not '" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "1.5MiB", "lots", "1TiB", "MiB"})
    void refusesOtherSizes(String text) {
        assertThatThrownBy(() -> Units.parseSize(text))
                .hasMessage("must be a size like 10000, 512KiB or 64MiB, not '" + text + "'");
    }

    @ParameterizedTest
    @CsvSource({"999999999999GiB"})
    void refusesSizesThatOverflow(String text) {
        assertThatThrownBy(() -> Units.parseSize(text)).hasMessage("is too large");
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1000, 1000", "1024, 1KiB", "1536, 1536", "1048576, 1MiB", "1073741824, 1GiB"})
    void formatsSizesShortest(long bytes, String formatted) {
        assertThat(Units.formatSize(bytes)).isEqualTo(formatted);
    }
}
