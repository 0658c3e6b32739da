package io.hoopgw.core.mask;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CardNumberDetectorTest {
    private final CardNumberDetector detector = new CardNumberDetector();

    @ParameterizedTest
    @ValueSource(strings = {
        "4111111111111111", "4012888888881881", "4222222222222", "4000000000006", "4000000000000000006",
        "5555555555554444", "5105105105105100", "2223003122003222", "2221000000000009", "2720000000000005",
        "378282246310005", "371449635398431",
        "6011111111111117", "60110000000000001", "6440000000000005", "6490000000000000007", "6500000000000002",
        "3530111333300000", "3566002020360505", "3528000000000007", "3589000000000000009",
        "30569309025904", "38520000023237", "36227206271667", "30000000000004", "3050000000000000002",
        "36000000000008", "6200000000000005", "6200000000000000000",
        "4111 1111 1111 1111", "4111-1111-1111-1111", "3782 822463 10005", "3782-822463-10005",
        "6011 1111 1111 1117", "4000 0000 0000 0000 006"})
    void findsCardsOfEveryIssuerAndLength(String card) {
        assertThat(Detected.in(detector, card)).containsExactly(card);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "4111111111111112", "5555555555554445", "378282246310006", "4111 1111 1111 1112",
        "400000000000006", "40000000000000006", "510000000000003", "3400000000000000",
        "5600000000000003", "2220000000000000", "2721000000000004", "3527000000000008", "3590000000000000",
        "30600000000001", "1000000000000008", "400000000006"})
    void refusesBadChecksumsUnknownIssuersAndWrongLengths(String number) {
        assertThat(Detected.in(detector, number)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "order 1000000000000008 shipped", "ORD-20240115-000123-4411", "2024-01-15 10:30:45.123456+00",
        "1705312245123456", "+1 (415) 555-0132", "415-555-0132 ext 4111",
        "41111111111111110000", "999941111111111111111", "12345678-1234-5678-1234-567812345678",
        "550e8400-e29b-41d4-a716-446655440000", "a4111111111111111b", "ID4111111111111111",
        "0.4111111111111111", "4111111111111111.5", "x_4111111111111111",
        "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16"})
    void leavesOrderNumbersTimestampsPhonesAndLongRunsAlone(String text) {
        assertThat(Detected.in(detector, text)).isEmpty();
    }

    @Test
    void findsCardsInsideTextAndJson() {
        assertThat(Detected.in(detector, "card: 4111 1111 1111 1111, exp 12/25"))
                .containsExactly("4111 1111 1111 1111");
        assertThat(Detected.in(detector, "{\"pan\":\"4111-1111-1111-1111\",\"amount\":12}"))
                .containsExactly("4111-1111-1111-1111");
        assertThat(Detected.in(detector, "{\"pan\":4111111111111111}")).containsExactly("4111111111111111");
        assertThat(Detected.in(detector, "(4111111111111111,5555555555554444)"))
                .containsExactly("4111111111111111", "5555555555554444");
        assertThat(Detected.in(detector, "4111 1111 1111 1111 12 25")).containsExactly("4111 1111 1111 1111");
        assertThat(Detected.in(detector, "ref 1234 4111 1111 1111 1111")).containsExactly("4111 1111 1111 1111");
        assertThat(Detected.in(detector, "paid with 4111111111111111.")).containsExactly("4111111111111111");
        assertThat(Detected.in(detector, "(7,4111111111111111,bob)")).containsExactly("4111111111111111");
    }

    @Test
    void preCheckNeedsThirteenDigits() {
        assertThat(detector.mayOccurIn(TextProfile.scan("123456789012 and letters"))).isFalse();
        assertThat(detector.mayOccurIn(TextProfile.scan("1234567890123"))).isTrue();
    }

    @Test
    void luhnAndIssuerTablesAgreeWithKnownValues() {
        assertThat(CardNumberDetector.luhnValid("79927398713", 0, 11)).isTrue();
        assertThat(CardNumberDetector.luhnValid("79927398710", 0, 11)).isFalse();
        assertThat(CardNumberDetector.issuerUses(3400, 15)).isTrue();
        assertThat(CardNumberDetector.issuerUses(3400, 16)).isFalse();
        assertThat(CardNumberDetector.issuerUses(6221, 16)).isTrue();
        assertThat(CardNumberDetector.issuerUses(6221, 15)).isFalse();
    }
}
