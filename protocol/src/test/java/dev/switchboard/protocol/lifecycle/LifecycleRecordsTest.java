package dev.switchboard.protocol.lifecycle;

import dev.switchboard.protocol.CacheScope;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleRecordsTest {

    @Test
    void buildsAnImplementationFromNameAndVersion() {
        Implementation i = Implementation.of("switchboard", "0.1.0");
        assertThat(i.name()).isEqualTo("switchboard");
        assertThat(i.version()).isEqualTo("0.1.0");
        assertThat(i.title()).isNull();
        assertThat(i.icons()).isNull();
    }

    @Test
    void namesTheMissingMemberOfAnImplementation() {
        assertThatThrownBy(() -> Implementation.of(null, "1")).isInstanceOf(NullPointerException.class).hasMessage("name");
        assertThatThrownBy(() -> Implementation.of("n", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("version");
    }

    @Test
    void copiesIconLists() {
        List<Icon> icons = new ArrayList<>(List.of(Icon.of("a")));
        Implementation i = new Implementation("n", "1", null, null, icons, null, null);
        icons.add(Icon.of("b"));
        assertThat(i.icons()).hasSize(1);
        assertThatThrownBy(() -> i.icons().add(Icon.of("c"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesNullIconsInAList() {
        List<Icon> icons = new ArrayList<>();
        icons.add(null);
        assertThatThrownBy(() -> new Implementation("n", "1", null, null, icons, null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("null element in icons");
    }

    @Test
    void buildsIconsWithSizes() {
        Icon i = Icon.of("https://x/i.png", "image/png", "48x48", "96x96");
        assertThat(i.sizes()).containsExactly("48x48", "96x96");
        assertThat(i.theme()).isNull();
        assertThatThrownBy(() -> Icon.of(null)).hasMessage("src");
    }

    @Test
    void requiresTheDiscoverResultsVersionsAndCapabilities() {
        assertThatThrownBy(() -> new DiscoverResult(null, ServerCapabilities.EMPTY, null, 0, CacheScope.PUBLIC, null))
                .hasMessage("supportedVersions");
        assertThatThrownBy(() -> new DiscoverResult(List.of(), null, null, 0, CacheScope.PUBLIC, null))
                .hasMessage("capabilities");
        assertThatThrownBy(() -> DiscoverResult.of(List.of(), ServerCapabilities.EMPTY, 0, null))
                .hasMessage("cacheScope");
    }

    @Test
    void letsAPeerResultCarryNoScope() {
        DiscoverResult r = new DiscoverResult(List.of("2026-07-28"), ServerCapabilities.EMPTY, null, 0, null, null);
        assertThat(r.cacheScope()).isNull();
        assertThat(r.ttlMs()).isZero();
    }

    @Test
    void requiresTheHandshakeMembers() {
        assertThatThrownBy(() -> new InitializeRequest(null, ClientCapabilities.EMPTY, Implementation.of("c", "1"), null))
                .hasMessage("protocolVersion");
        assertThatThrownBy(() -> new InitializeResult("2025-11-25", ServerCapabilities.EMPTY, null, null, null))
                .hasMessage("serverInfo");
    }

    @Test
    void offersBasicCapabilityConstants() {
        assertThat(ServerCapabilities.ToolsCapability.BASIC.listChanged()).isNull();
        assertThat(ServerCapabilities.PromptsCapability.BASIC.listChanged()).isNull();
        assertThat(ServerCapabilities.ResourcesCapability.BASIC.subscribe()).isNull();
        assertThat(DiscoverRequest.of().meta()).isNull();
    }
}
