package io.hoopgw.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hoopgw.core.auth.TokenRejectedException.FailedCheck;

/**
 * Asserts rejections, and with every one that no message in the exception's cause chain repeats the token or any
 * sizeable part of it.
 */
final class Rejected {
    private Rejected() {
    }

    static TokenRejectedException assertRejected(TokenVerifier verifier, String token, FailedCheck expected) {
        TokenRejectedException rejection =
                catchThrowableOfType(TokenRejectedException.class, () -> verifier.verify(token));
        assertThat(rejection).as("verifying the token must fail with %s", expected).isNotNull();
        assertThat(rejection.check()).as("failed check; message: %s", rejection.getMessage()).isEqualTo(expected);
        assertThat(rejection.getMessage()).contains("[check " + expected + ", issuer ");
        assertTokenNotEchoed(rejection, token);
        return rejection;
    }

    static void assertTokenNotEchoed(Throwable rejection, String token) {
        for (Throwable t = rejection; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (token != null && !token.isEmpty()) {
                assertThat(message).doesNotContain(token);
                for (String part : token.split("\\.")) {
                    if (part.length() >= 16) {
                        assertThat(message).as("message repeats a token segment").doesNotContain(part);
                    }
                }
            }
        }
    }
}
