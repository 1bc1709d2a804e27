package dev.switchboard.protocol.roots;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RootsRecordsTest {

    @Test
    void buildsRootsAndResults() {
        ListRootsResult r = ListRootsResult.of(Root.of("file:///a", "A"), Root.of("file:///b", null));
        assertThat(r.roots()).extracting(Root::uri).containsExactly("file:///a", "file:///b");
        assertThat(ListRootsResult.of().roots()).isEmpty();
        assertThat(ListRootsRequest.EMPTY.meta()).isNull();
    }

    @Test
    void requiresUriAndRoots() {
        assertThatThrownBy(() -> Root.of(null, "A")).hasMessage("uri");
        assertThatThrownBy(() -> new ListRootsResult(null, null)).hasMessage("roots");
    }
}
