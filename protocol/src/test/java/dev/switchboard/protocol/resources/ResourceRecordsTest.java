package dev.switchboard.protocol.resources;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.content.ResourceContents;
import dev.switchboard.protocol.content.TextResourceContents;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceRecordsTest {

    @Test
    void buildsResourcesAndTemplates() {
        Resource r = Resource.of("file:///a", "a", "text/plain");
        assertThat(r.size()).isNull();
        assertThat(r.mimeType()).isEqualTo("text/plain");
        ResourceTemplate t = ResourceTemplate.of("file:///{p}", "files");
        assertThat(t.uriTemplate()).isEqualTo("file:///{p}");
        assertThatThrownBy(() -> Resource.of(null, "a", null)).hasMessage("uri");
        assertThatThrownBy(() -> ResourceTemplate.of("x", null)).hasMessage("name");
    }

    @Test
    void buildsReadRequestsAndResults() {
        assertThat(ReadResourceRequest.of("u").uri()).isEqualTo("u");
        assertThatThrownBy(() -> ReadResourceRequest.of(null)).hasMessage("uri");
        List<ResourceContents> contents = List.of(TextResourceContents.of("u", null, "t"));
        ReadResourceResult r = ReadResourceResult.of(contents, 60_000, CacheScope.PRIVATE);
        assertThat(r.contents()).isEqualTo(contents);
        assertThatThrownBy(() -> ReadResourceResult.of(null, 0, CacheScope.PUBLIC)).hasMessage("contents");
        assertThatThrownBy(() -> ReadResourceResult.of(contents, -5, CacheScope.PUBLIC))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ttlMs must be >= 0, got -5");
    }

    @Test
    void buildsListPages() {
        assertThat(ListResourcesResult.of(List.of(), 0, CacheScope.PUBLIC).resources()).isEmpty();
        assertThat(ListResourceTemplatesResult.of(List.of(), 0, CacheScope.PUBLIC).resourceTemplates()).isEmpty();
        assertThat(ListResourcesRequest.firstPage().cursor()).isNull();
        assertThatThrownBy(() -> ListResourceTemplatesResult.of(List.of(), 0, null)).hasMessage("cacheScope");
    }

    @Test
    void buildsSessionEraSubscriptions() {
        assertThat(SubscribeRequest.of("u").uri()).isEqualTo("u");
        assertThat(UnsubscribeRequest.of("u").uri()).isEqualTo("u");
        assertThatThrownBy(() -> SubscribeRequest.of(null)).hasMessage("uri");
        assertThatThrownBy(() -> ResourceUpdatedNotification.of(null)).hasMessage("uri");
    }
}
