package io.hoopgw.core.mask;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SsnDetectorTest {
    private final SsnDetector detector = new SsnDetector();

    @ParameterizedTest
    @ValueSource(strings = {"123-45-6789", "078-05-1120", "899-99-9999", "001-01-0001", "665-12-3456"})
    void findsIssuableNumbers(String ssn) {
        assertThat(Detected.in(detector, ssn)).containsExactly(ssn);
    }

    @ParameterizedTest
    @ValueSource(strings = {"000-12-3456", "666-12-3456", "900-12-3456", "999-12-3456", "123-00-4567",
        "123-45-0000", "123456789", "1123-45-6789", "123-45-67890", "555-123-4567", "2024-12-31",
        "a123-45-6789", "123-45-6789-1", "9-123-45-6789", "123-45-6789x", "12-345-6789"})
    void refusesUnissuedAndMisshapenNumbers(String text) {
        assertThat(Detected.in(detector, text)).isEmpty();
    }

    @Test
    void findsNumbersInsideText() {
        assertThat(Detected.in(detector, "SSN: 078-05-1120. Spouse (123-45-6789)"))
                .containsExactly("078-05-1120", "123-45-6789");
        assertThat(Detected.in(detector, "{\"ssn\":\"123-45-6789\"}")).containsExactly("123-45-6789");
    }
}
