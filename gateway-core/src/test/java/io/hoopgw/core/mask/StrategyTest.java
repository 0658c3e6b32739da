package io.hoopgw.core.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrategyTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    @Test
    void redactReplacesWholeValueWhateverItsLength() {
        RedactStrategy redact = new RedactStrategy("[hidden]");
        assertThat(redact.apply("4111111111111111")).isEqualTo("[hidden]");
        assertThat(redact.apply("")).isEqualTo("[hidden]");
    }

    @Test
    void partialKeepsTheLastOrFirstCharacters() {
        PartialStrategy last4 = new PartialStrategy(0, 4, '*', false);
        assertThat(last4.apply("4111111111111111")).isEqualTo("************1111");
        assertThat(last4.apply("4111 1111 1111 1111")).isEqualTo("************1111");
        assertThat(new PartialStrategy(0, 4, '*', true).apply("4111-1111-1111-1111"))
                .isEqualTo("****-****-****-1111");
        assertThat(new PartialStrategy(1, 0, '#', true).apply("bob@example.com")).isEqualTo("b##@#######.###");
        assertThat(new PartialStrategy(2, 2, 'x', false).apply("ABCDEFGH")).isEqualTo("ABxxxxGH");
    }

    @Test
    void partialNeverRevealsMoreThanHalf() {
        PartialStrategy last4 = new PartialStrategy(0, 4, '*', false);
        assertThat(last4.apply("12345")).isEqualTo("***45");
        assertThat(last4.apply("1")).isEqualTo("*");
        assertThat(new PartialStrategy(3, 3, '*', false).apply("123456")).isEqualTo("123***");
        assertThatThrownBy(() -> new PartialStrategy(-1, 0, '*', false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashIsKeyedHmacSha256TruncatedToABase64UrlToken() {
        HashStrategy hash = new HashStrategy(KEY, "tok_");
        // Expected values computed independently with Python's hmac module.
        assertThat(hash.apply("4111111111111111")).isEqualTo("tok_e35ssnFcexw3EQ8D");
        assertThat(hash.apply("bob@example.com")).isEqualTo("tok_DwOoClu0XLaYFls6");
        assertThat(hash.apply("4111111111111111")).isEqualTo(hash.apply("4111111111111111"));
        byte[] otherKey = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);
        assertThat(new HashStrategy(otherKey, "tok_").apply("4111111111111111"))
                .isNotEqualTo("tok_e35ssnFcexw3EQ8D").matches("tok_[A-Za-z0-9_-]{16}");
        assertThat(new HashStrategy(KEY, "h:").apply("4111111111111111")).isEqualTo("h:e35ssnFcexw3EQ8D");
        assertThat(hash.toString()).doesNotContain("0123456789abcdef");
    }

    @Test
    void hashIsThreadSafe() throws Exception {
        HashStrategy hash = new HashStrategy(KEY, "tok_");
        Thread[] threads = new Thread[4];
        String[] failures = new String[threads.length];
        for (int t = 0; t < threads.length; t++) {
            int index = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 2000; i++) {
                    if (!hash.apply("4111111111111111").equals("tok_e35ssnFcexw3EQ8D")) {
                        failures[index] = "wrong token at " + i;
                    }
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).containsOnlyNulls();
    }

    @Test
    void hashRefusesShortKeys() {
        assertThatThrownBy(() -> new HashStrategy(new byte[15], "tok_"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 16 bytes");
    }

    @Test
    void nullMakesSqlNullAndRedactsWhereNullIsImpossible() {
        assertThat(NullStrategy.INSTANCE.apply("x")).isNull();
        assertThat(NullStrategy.INSTANCE.applyAsText("x")).isEqualTo(RedactStrategy.DEFAULT_MASK);
        assertThat(new RedactStrategy("#").applyAsText("x")).isEqualTo("#");
    }
}
