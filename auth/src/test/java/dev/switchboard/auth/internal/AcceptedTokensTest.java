package dev.switchboard.auth.internal;

import dev.switchboard.auth.AccessToken;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptedTokensTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static AccessToken token(Instant exp) {
        return new AccessToken("https://idp.example", "alice", "app", List.of(), Set.of("mcp"), exp);
    }

    @Test
    void aTokenIsKeptUntilItExpiresOrMaxAgePassesWhicheverIsFirst() {
        AcceptedTokens kept = new AcceptedTokens(Duration.ofMinutes(5));
        AccessToken soon = token(NOW.plusSeconds(60));
        kept.put("a.b.c", soon, soon.expiresAt(), NOW);
        assertThat(kept.get("a.b.c", NOW.plusSeconds(59))).isSameAs(soon);
        assertThat(kept.get("a.b.c", NOW.plusSeconds(60))).as("expired: checked again, and refused then").isNull();
        AccessToken later = token(NOW.plus(Duration.ofHours(1)));
        kept.put("d.e.f", later, later.expiresAt(), NOW);
        assertThat(kept.get("d.e.f", NOW.plus(Duration.ofMinutes(4)))).isSameAs(later);
        assertThat(kept.get("d.e.f", NOW.plus(Duration.ofMinutes(5)))).as("max age: the signature is checked again").isNull();
        assertThat(kept.get("d.e.g", NOW)).as("another text is another token").isNull();
    }

    @Test
    void itStaysBoundedAndZeroMaxAgeKeepsNothing() {
        AcceptedTokens kept = new AcceptedTokens(Duration.ofMinutes(5));
        AccessToken t = token(NOW.plus(Duration.ofHours(1)));
        for (int i = 0; i <= AcceptedTokens.MAX_ENTRIES; i++) {
            kept.put("t" + i, t, t.expiresAt(), NOW);
        }
        assertThat(kept.get("t" + AcceptedTokens.MAX_ENTRIES, NOW)).isSameAs(t);
        assertThat(kept.get("t0", NOW)).as("started over when full of live entries").isNull();
        AcceptedTokens none = new AcceptedTokens(Duration.ZERO);
        none.put("x", t, t.expiresAt(), NOW);
        assertThat(none.get("x", NOW)).isNull();
    }
}
