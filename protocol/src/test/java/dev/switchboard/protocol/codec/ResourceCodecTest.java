package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.content.Annotations;
import dev.switchboard.protocol.content.BlobResourceContents;
import dev.switchboard.protocol.content.Role;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.resources.ListResourceTemplatesRequest;
import dev.switchboard.protocol.resources.ListResourcesRequest;
import dev.switchboard.protocol.resources.ListResourcesResult;
import dev.switchboard.protocol.resources.ReadResourceRequest;
import dev.switchboard.protocol.resources.ReadResourceResult;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceTemplate;
import dev.switchboard.protocol.resources.ResourceUpdatedNotification;
import dev.switchboard.protocol.resources.SubscribeRequest;
import dev.switchboard.protocol.resources.UnsubscribeRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceCodecTest {

    @Test
    void readsAResultMixingTextAndBlobContents() {
        ReadResourceResult r = Codec.decode(Wire.parse("{\"resultType\":\"complete\",\"contents\":["
                + "{\"uri\":\"file:///a.txt\",\"mimeType\":\"text/plain\",\"text\":\"hello\"},"
                + "{\"uri\":\"file:///a.png\",\"mimeType\":\"image/png\",\"blob\":\"AA==\"}],"
                + "\"ttlMs\":60000,\"cacheScope\":\"private\"}"), ReadResourceResult.class);
        assertThat(r.contents()).containsExactly(TextResourceContents.of("file:///a.txt", "text/plain", "hello"),
                BlobResourceContents.of("file:///a.png", "image/png", "AA=="));
        assertThat(r.ttlMs()).isEqualTo(60_000);
        assertThat(r.cacheScope()).isEqualTo(CacheScope.PRIVATE);
    }

    @Test
    void writesAReadResultWithItsFactory() {
        ReadResourceResult r = ReadResourceResult.of(List.of(TextResourceContents.of("u", "text/plain", "x")), 0,
                CacheScope.PUBLIC);
        assertThat(Codec.encode(r)).isEqualTo(Wire.parse("{\"resultType\":\"complete\",\"contents\":[{\"uri\":\"u\","
                + "\"mimeType\":\"text/plain\",\"text\":\"x\"}],\"ttlMs\":0,\"cacheScope\":\"public\"}"));
    }

    @Test
    void namesThePathOfBadContents() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"contents\":[{\"uri\":\"u\",\"text\":\"t\"},"
                + "{\"text\":\"no uri\"}]}"), ReadResourceResult.class, "result"))
                .hasMessage("result.contents[1].uri: required string is missing");
    }

    @Test
    void readsAFirstRoundReadRequest() {
        ReadResourceRequest r = Codec.decode(Wire.parse("{\"uri\":\"file:///x\"}"), ReadResourceRequest.class);
        assertThat(r).isEqualTo(ReadResourceRequest.of("file:///x"));
        assertThat(r.inputResponses()).isNull();
        assertThat(r.requestState()).isNull();
    }

    @Test
    void readsAnMrtrRetryOfARead() {
        ReadResourceRequest r = Codec.decode(Wire.parse("{\"uri\":\"file:///x\",\"inputResponses\":"
                + "{\"roots\":{\"roots\":[{\"uri\":\"file:///home\"}]}},\"requestState\":\"abc\"}"),
                ReadResourceRequest.class);
        assertThat(r.inputResponses()).containsKey("roots");
        assertThat(InputResponses.listRootsResult(r.inputResponses(), "roots").roots()).hasSize(1);
        assertThat(r.requestState()).isEqualTo("abc");
    }

    @Test
    void writesAResourceWithEveryMember() {
        Resource r = new Resource("file:///README.md", "README.md", "Docs", "The readme", "text/markdown",
                2048L, List.of(), new Annotations(List.of(Role.USER), 0.8, "2025-01-12T15:00:58Z"), null);
        JsonObject o = Codec.encode(r);
        assertThat(o).isEqualTo(Wire.parse("{\"uri\":\"file:///README.md\",\"name\":\"README.md\",\"title\":\"Docs\","
                + "\"description\":\"The readme\",\"mimeType\":\"text/markdown\",\"size\":2048,\"icons\":[],"
                + "\"annotations\":{\"audience\":[\"user\"],\"priority\":0.8,\"lastModified\":\"2025-01-12T15:00:58Z\"}}"));
        assertThat(Codec.decode(o, Resource.class)).isEqualTo(r);
    }

    @Test
    void keepsLargeResourceSizes() {
        Resource r = Codec.decode(Wire.parse("{\"uri\":\"u\",\"name\":\"n\",\"size\":9007199254740993}"),
                Resource.class);
        assertThat(r.size()).isEqualTo(9_007_199_254_740_993L);
    }

    @Test
    void writesAResourceWithItsFactory() {
        assertThat(Codec.encode(Resource.of("file:///a", "a", "text/plain")))
                .isEqualTo(Wire.parse("{\"uri\":\"file:///a\",\"name\":\"a\",\"mimeType\":\"text/plain\"}"));
    }

    @Test
    void writesATemplate() {
        assertThat(Codec.encode(ResourceTemplate.of("file:///{path}", "files")))
                .isEqualTo(Wire.parse("{\"uriTemplate\":\"file:///{path}\",\"name\":\"files\"}"));
    }

    @Test
    void writesAListPageWithACursor() {
        ListResourcesResult r = new ListResourcesResult(List.of(Resource.of("u", "n", null)), "page-2", 10,
                CacheScope.PRIVATE, null);
        assertThat(Codec.encode(r)).isEqualTo(Wire.parse("{\"resultType\":\"complete\",\"resources\":"
                + "[{\"uri\":\"u\",\"name\":\"n\"}],\"nextCursor\":\"page-2\",\"ttlMs\":10,\"cacheScope\":\"private\"}"));
    }

    @Test
    void readsListRequestsForBothLists() {
        assertThat(Codec.decode(Wire.parse("{\"cursor\":\"c\"}"), ListResourcesRequest.class))
                .isEqualTo(new ListResourcesRequest("c", null));
        assertThat(Codec.decode(JsonObject.EMPTY, ListResourceTemplatesRequest.class))
                .isEqualTo(ListResourceTemplatesRequest.firstPage());
        assertThat(Codec.encode(ListResourcesRequest.firstPage())).isEqualTo(JsonObject.EMPTY);
    }

    @Test
    void refusesANonStringCursor() {
        assertThatThrownBy(() -> Codec.decode(Wire.parse("{\"cursor\":2}"), ListResourcesRequest.class, "params"))
                .hasMessage("params.cursor: expected string, got number");
    }

    @Test
    void writesSessionEraSubscriptions() {
        assertThat(Codec.encode(SubscribeRequest.of("file:///a"))).isEqualTo(Wire.parse("{\"uri\":\"file:///a\"}"));
        assertThat(Codec.encode(UnsubscribeRequest.of("file:///a"))).isEqualTo(Wire.parse("{\"uri\":\"file:///a\"}"));
        assertThat(Codec.decode(Wire.parse("{\"uri\":\"u\"}"), SubscribeRequest.class)).isEqualTo(SubscribeRequest.of("u"));
    }

    @Test
    void writesAnUpdateNotificationWithItsSubscriptionId() {
        ResourceUpdatedNotification n = new ResourceUpdatedNotification("file:///a",
                JsonObject.of("io.modelcontextprotocol/subscriptionId", Json.of("listen-1")));
        assertThat(Codec.encode(n)).isEqualTo(Wire.parse("{\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":"
                + "\"listen-1\"},\"uri\":\"file:///a\"}"));
        assertThat(Codec.encode(ResourceUpdatedNotification.of("u"))).isEqualTo(Wire.parse("{\"uri\":\"u\"}"));
    }
}
