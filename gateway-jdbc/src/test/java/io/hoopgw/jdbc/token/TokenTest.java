package io.hoopgw.jdbc.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import io.hoopgw.jdbc.testing.TestJwts;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenTest {
    private static final Instant EXP = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void readsExpiryFromASignedJwt() {
        Token token = Token.of(TestJwts.expiringAt("alice", EXP), "HOOPGW_TOKEN");

        assertThat(token.expiresAt()).contains(EXP);
        assertThat(token.isExpiredAt(EXP.minusSeconds(1))).isFalse();
        assertThat(token.isExpiredAt(EXP)).isTrue();
        assertThat(token.source()).isEqualTo("HOOPGW_TOKEN");
    }

    @Test
    void aJwtWithoutExpHasNoKnownExpiry() {
        Token token = Token.of(TestJwts.sign(new JWTClaimsSet.Builder().subject("alice").build()), "x");

        assertThat(token.expiresAt()).isEmpty();
        assertThat(token.isExpiredAt(Instant.MAX)).isFalse();
    }

    @Test
    void anOpaqueTokenHasNoKnownExpiryAndIsKeptAsGiven() {
        Token token = Token.of("opaque-access-token", "x");

        assertThat(token.value()).isEqualTo("opaque-access-token");
        assertThat(token.expiresAt()).isEmpty();
    }

    @Test
    void toStringNamesSourceAndExpiryButNeverTheToken() {
        String jwt = TestJwts.expiringAt("alice", EXP);

        assertThat(Token.of(jwt, "tokenFile /t").toString())
                .isEqualTo("Token[source=tokenFile /t, expiresAt=2030-01-01T00:00:00Z]")
                .doesNotContain(jwt);
    }

    @Test
    void rejectsAnEmptyToken() {
        assertThatThrownBy(() -> Token.of("", "x")).hasMessage("token must not be empty");
    }
}
