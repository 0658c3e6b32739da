package io.hoopgw.core.auth;

import static io.hoopgw.core.auth.Rejections.reject;

import com.nimbusds.jwt.JWTClaimsSet;
import io.hoopgw.core.auth.TokenRejectedException.FailedCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The registered-claim checks made after the signature: audience, lifetime ({@code exp}, {@code nbf}, {@code iat},
 * each with the issuer's clock skew) and subject.
 */
final class ClaimsCheck {
    private final Clock clock;

    ClaimsCheck(Clock clock) {
        this.clock = clock;
    }

    /**
     * Throws unless the claims are acceptable now for {@code issuer}.
     *
     * @return the token's expiry
     */
    Instant check(JWTClaimsSet claims, TrustedIssuer issuer) throws TokenRejectedException {
        String name = issuer.issuer();
        if (!claims.getAudience().contains(issuer.audience())) {
            throw reject(FailedCheck.AUDIENCE, name, "audience does not contain " + issuer.audience());
        }
        Instant now = clock.instant();
        Duration skew = issuer.clockSkew();
        Instant expiresAt = instant(claims.getExpirationTime());
        if (expiresAt == null) {
            throw reject(FailedCheck.MISSING_CLAIM, name, "token has no exp claim");
        }
        if (!now.isBefore(expiresAt.plus(skew))) {
            throw reject(FailedCheck.EXPIRED, name, "token expired at " + expiresAt + " (now " + now
                    + ", clock skew " + skew + ")");
        }
        Instant notBefore = instant(claims.getNotBeforeTime());
        if (notBefore != null && now.plus(skew).isBefore(notBefore)) {
            throw reject(FailedCheck.NOT_YET_VALID, name, "token is not valid before " + notBefore + " (now " + now
                    + ", clock skew " + skew + ")");
        }
        Instant issuedAt = instant(claims.getIssueTime());
        if (issuedAt != null && now.plus(skew).isBefore(issuedAt)) {
            throw reject(FailedCheck.NOT_YET_VALID, name, "token is issued in the future at " + issuedAt + " (now "
                    + now + ", clock skew " + skew + ")");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw reject(FailedCheck.MISSING_CLAIM, name, "token has no sub claim");
        }
        return expiresAt;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
