package dev.switchboard.server.internal;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.state.seal.KeyRing;
import dev.switchboard.state.seal.Sealer;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pages behind sealed cursors. */
class PagerTest {
    private static final List<Integer> TEN = IntStream.range(0, 10).boxed().toList();
    private final KeyRing ring = KeyRing.generate();
    private final Sealer sealer = new Sealer(ring);

    private static JsonObject cursor(String c) {
        return c == null ? JsonObject.EMPTY : JsonObject.of("cursor", Json.of(c));
    }

    @Test
    void walksAListPageByPage() {
        Pager pager = new Pager(sealer, 3);
        List<List<Integer>> pages = new ArrayList<>();
        String next = null;
        do {
            Pager.Page<Integer> p = pager.page("l", TEN, cursor(next), "alice");
            pages.add(p.items());
            next = p.nextCursor();
        } while (next != null);
        assertThat(pages).containsExactly(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7, 8), List.of(9));
    }

    @Test
    void aShortListIsOnePage() {
        Pager.Page<Integer> p = new Pager(sealer, 100).page("l", TEN, JsonObject.EMPTY, "alice");
        assertThat(p.items()).isEqualTo(TEN);
        assertThat(p.nextCursor()).isNull();
    }

    @Test
    void anEmptyListIsOneEmptyPage() {
        Pager.Page<Integer> p = new Pager(sealer, 2).page("l", List.of(), JsonObject.EMPTY, "alice");
        assertThat(p.items()).isEmpty();
        assertThat(p.nextCursor()).isNull();
    }

    @Test
    void pagesAreImmutableCopies() {
        List<Integer> source = new ArrayList<>(TEN);
        Pager.Page<Integer> p = new Pager(sealer, 3).page("l", source, JsonObject.EMPTY, "alice");
        source.set(0, 99);
        assertThat(p.items()).containsExactly(0, 1, 2);
        assertThatThrownBy(() -> p.items().add(1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void cursorsAreOpaque() {
        String c = new Pager(sealer, 3).page("tools/list", TEN, JsonObject.EMPTY, "alice").nextCursor();
        assertThat(c).matches("[A-Za-z0-9_-]+").doesNotContain("tools").doesNotContain("alice");
    }

    @Test
    void refusesACursorOfAnotherList() {
        Pager pager = new Pager(sealer, 3);
        String c = pager.page("tools/list", TEN, JsonObject.EMPTY, "alice").nextCursor();
        assertThatThrownBy(() -> pager.page("prompts/list", TEN, cursor(c), "alice"))
                .isInstanceOfSatisfying(McpException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS))
                .hasMessageContaining("another list");
    }

    @Test
    void refusesACursorOfAnotherPrincipal() {
        Pager pager = new Pager(sealer, 3);
        String c = pager.page("l", TEN, JsonObject.EMPTY, "alice").nextCursor();
        assertThatThrownBy(() -> pager.page("l", TEN, cursor(c), "bob"))
                .isInstanceOfSatisfying(McpException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS))
                .hasMessageContaining("Invalid cursor");
    }

    @Test
    void refusesAnExpiredCursor() {
        Instant t0 = Instant.parse("2026-07-28T00:00:00Z");
        String c = new Pager(new Sealer(ring, Clock.fixed(t0, ZoneOffset.UTC)), 3)
                .page("l", TEN, JsonObject.EMPTY, "alice").nextCursor();
        Pager later = new Pager(new Sealer(ring, Clock.fixed(t0.plus(Duration.ofHours(1)).plusMillis(1), ZoneOffset.UTC)), 3);
        assertThatThrownBy(() -> later.page("l", TEN, cursor(c), "alice"))
                .isInstanceOf(McpException.class).hasMessageContaining("expired");
        Pager justInTime = new Pager(new Sealer(ring, Clock.fixed(t0.plus(Duration.ofHours(1)), ZoneOffset.UTC)), 3);
        assertThat(justInTime.page("l", TEN, cursor(c), "alice").items()).containsExactly(3, 4, 5);
    }

    @Test
    void refusesATokenSealedForAnotherPurpose() {
        String other = sealer.seal("mcp.requestState", "alice", Duration.ofMinutes(1),
                JsonObject.of("l", Json.of("l"), "o", Json.of(3)));
        assertThatThrownBy(() -> new Pager(sealer, 3).page("l", TEN, cursor(other), "alice"))
                .isInstanceOf(McpException.class).hasMessageContaining("Invalid cursor");
    }

    @Test
    void refusesACursorPayloadWithoutAnIntegerOffset() {
        String forged = sealer.seal("mcp.cursor", "alice", Duration.ofMinutes(1),
                JsonObject.of("l", Json.of("l"), "o", Json.of("3")));
        assertThatThrownBy(() -> new Pager(sealer, 3).page("l", TEN, cursor(forged), "alice"))
                .isInstanceOf(McpException.class);
    }

    @Test
    void refusesANonStringCursor() {
        assertThatThrownBy(() -> new Pager(sealer, 3).page("l", TEN, JsonObject.of("cursor", Json.of(3)), "alice"))
                .isInstanceOf(McpException.class).hasMessageContaining("params.cursor must be a string");
    }

    @Test
    void aPageSizeMustBePositive() {
        assertThatThrownBy(() -> new Pager(sealer, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pager(sealer, -5)).isInstanceOf(IllegalArgumentException.class);
    }
}
