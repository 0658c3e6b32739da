package io.hoopgw.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionIdsTest {
    @Test
    void idsAreVersion7OrderedAndCarryTheirTime() {
        Instant now = Instant.parse("2025-03-01T12:00:00Z");
        SessionIds ids = new SessionIds("gw-1", Clock.fixed(now, ZoneOffset.UTC));
        List<UUID> made = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            made.add(ids.next());
        }
        assertThat(made).allSatisfy(id -> {
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
        });
        // Within one fixed millisecond the counter keeps them ordered (and spills into the next millisecond).
        assertThat(made).isSortedAccordingTo(UUID::compareTo);
        assertThat(made.get(0).getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
        assertThat(new HashSet<>(made)).hasSize(made.size());
    }

    @Test
    void twoInstancesDoNotCollideAtTheSameInstant() {
        Clock clock = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);
        UUID a = new SessionIds("gw-1", clock).next();
        UUID b = new SessionIds("gw-2", clock).next();
        assertThat(a.getMostSignificantBits()).isEqualTo(b.getMostSignificantBits());
        assertThat(a.getLeastSignificantBits() >>> 46).isNotEqualTo(b.getLeastSignificantBits() >>> 46);
    }
}
