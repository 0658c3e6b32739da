package io.hoopgw.core.mask;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IbanDetectorTest {
    private final IbanDetector detector = new IbanDetector();

    @ParameterizedTest
    @ValueSource(strings = {"GB82WEST12345698765432", "DE89370400440532013000", "NL91ABNA0417164300",
        "NO9386011117947", "FR1420041010050500013M02606", "BE68539007547034", "MT84MALT011000012345MTLCAST001S",
        "LC55HEMM000100010012001200023015", "GB82 WEST 1234 5698 7654 32", "DE89 3704 0044 0532 0130 00",
        "NO93 8601 1117 947", "BE68 5390 0754 7034"})
    void findsValidIbansCompactAndGrouped(String iban) {
        assertThat(Detected.in(detector, iban)).containsExactly(iban);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GB82WEST12345698765433", "DE89370400440532013001", "gb82west12345698765432",
        "GB82WEST1234", "XGB82WEST12345698765432", "GB82WEST12345698765432X", "GB82WEST12345698765432x",
        "GB82 WEST 1234 5698 7654 33", "GB82  WEST 1234 5698 7654 32", "NO938601111794", "ABCD1234567890123"})
    void refusesBadChecksumsCaseAndBoundaries(String text) {
        assertThat(Detected.in(detector, text)).isEmpty();
    }

    @Test
    void findsIbansInsideText() {
        assertThat(Detected.in(detector, "IBAN: DE89 3704 0044 0532 0130 00."))
                .containsExactly("DE89 3704 0044 0532 0130 00");
        assertThat(Detected.in(detector, "BE68 5390 0754 7034 TEST")).containsExactly("BE68 5390 0754 7034");
        assertThat(Detected.in(detector, "{\"iban\":\"GB82WEST12345698765432\"}"))
                .containsExactly("GB82WEST12345698765432");
    }

    @Test
    void preCheckNeedsLettersDigitsAndLength() {
        assertThat(detector.mayOccurIn(TextProfile.scan("gb82west12345698765432"))).isFalse();
        assertThat(detector.mayOccurIn(TextProfile.scan("GB82WEST1234"))).isFalse();
    }
}
