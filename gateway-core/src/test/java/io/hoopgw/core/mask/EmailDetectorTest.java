package io.hoopgw.core.mask;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailDetectorTest {
    private final EmailDetector detector = new EmailDetector();

    @ParameterizedTest
    @ValueSource(strings = {"bob@example.com", "first.last+tag@sub.example.co.uk", "a_b%c-d@x-y.io",
        "X@Y.ORG", "o.reilly@example.museum"})
    void findsAddresses(String address) {
        assertThat(Detected.in(detector, address)).containsExactly(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"@handle", "bob@localhost", "user@192.168.1.1", "a@b.c", "foo@.com", "x@-bad.com",
        "x@bad-.com", ".@example.com", "bob.@example.com", "2024-01-15T10:30:45@00", "no at sign here"})
    void refusesWhatIsNotAnAddress(String text) {
        assertThat(Detected.in(detector, text)).isEmpty();
    }

    @Test
    void findsAddressesInsideTextAndJson() {
        assertThat(Detected.in(detector, "Contact: <bob@example.com>.")).containsExactly("bob@example.com");
        assertThat(Detected.in(detector, "mail bob@example.com.")).containsExactly("bob@example.com");
        assertThat(Detected.in(detector, "{\"email\":\"ann@example.org\",\"cc\":\"..joe@example.net\"}"))
                .containsExactly("ann@example.org", "joe@example.net");
        assertThat(Detected.in(detector, "a@b@example.com")).containsExactly("b@example.com");
    }

    @Test
    void preCheckNeedsAnAtSign() {
        assertThat(detector.mayOccurIn(TextProfile.scan("bob at example.com"))).isFalse();
    }
}
