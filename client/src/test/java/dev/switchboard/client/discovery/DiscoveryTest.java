package dev.switchboard.client.discovery;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.client.McpClient;
import dev.switchboard.client.McpClientException;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.cards.AiCatalog;
import dev.switchboard.protocol.cards.ServerCard;
import dev.switchboard.protocol.discovery.ServerCards;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.ToolHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Discovery} against a real endpoint and against servers that get it wrong. */
class DiscoveryTest {
    private McpHttpServer http;
    private HttpServer fake;

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
        if (fake != null) {
            fake.stop(0);
        }
    }

    private URI real() throws Exception {
        McpServer server = McpServer.builder("com.example/weather", "2.0.0")
                .tool(Tool.of("forecast", "Tomorrow's weather", JsonObject.of("type", Json.of("object"))),
                        ToolHandler.of(call -> CallToolResult.of()))
                .build();
        http = McpHttpServer.builder(server).port(0).start();
        return http.endpoint();
    }

    /** A server answering every GET with {@code status}, {@code type} and {@code body}. */
    private URI fake(int status, String type, String body) throws Exception {
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        fake.start();
        return URI.create("http://127.0.0.1:" + fake.getAddress().getPort() + "/mcp");
    }

    @Test
    void readsTheCardOfAnEndpointAndItAgreesWithTheLiveServer() throws Exception {
        URI endpoint = real();
        ServerCard card = Discovery.card(endpoint);
        assertThat(card.name()).isEqualTo("com.example/weather");
        assertThat(ServerCards.tools(card)).extracting(ServerCards.ToolSummary::name).containsExactly("forecast");
        assertThat(Discovery.card(URI.create(endpoint + "/server-card"))).isEqualTo(card);
        try (McpClient client = McpClient.builder(endpoint).build()) {
            DiscoverResult live = client.discover();
            assertThat(card.remotes().get(0).supportedProtocolVersions()).isEqualTo(live.supportedVersions());
            assertThat(ServerCards.capabilities(card)).isEqualTo(live.capabilities());
        }
    }

    @Test
    void readsAHostsCatalogFromItsRoot() throws Exception {
        URI endpoint = real();
        AiCatalog catalog = Discovery.catalog(URI.create("http://127.0.0.1:" + endpoint.getPort()));
        assertThat(catalog.serverCards()).singleElement().satisfies(e -> {
            assertThat(e.identifier()).isEqualTo("urn:air:example.com:mcp:weather");
            assertThat(Discovery.card(URI.create(e.url())).name()).isEqualTo("com.example/weather");
        });
    }

    @Test
    void aMissingCardIsHttpStatus404() throws Exception {
        URI endpoint = fake(404, "text/plain", "");
        assertThatThrownBy(() -> Discovery.card(endpoint))
                .isInstanceOfSatisfying(McpClientException.class, e -> {
                    assertThat(e.kind()).isEqualTo(McpClientException.Kind.HTTP_STATUS);
                    assertThat(e.httpStatus()).isEqualTo(404);
                })
                .hasMessageContaining("/mcp/server-card").hasMessageContaining("no Server Card there");
    }

    @Test
    void aWrongContentTypeIsNamed() throws Exception {
        URI endpoint = fake(200, "text/html", "<html></html>");
        assertThatThrownBy(() -> Discovery.card(endpoint))
                .isInstanceOfSatisfying(McpClientException.class,
                        e -> assertThat(e.kind()).isEqualTo(McpClientException.Kind.INVALID_RESPONSE))
                .hasMessageContaining("content type is text/html").hasMessageContaining(ServerCard.MEDIA_TYPE);
    }

    @Test
    void anInvalidCardNamesTheField() throws Exception {
        URI endpoint = fake(200, ServerCard.MEDIA_TYPE, """
                {"$schema":"https://static.modelcontextprotocol.io/schemas/v1/server-card.schema.json",
                 "name":"no-slash","version":"1.0.0","description":"bad"}""");
        assertThatThrownBy(() -> Discovery.card(endpoint))
                .isInstanceOfSatisfying(McpClientException.class,
                        e -> assertThat(e.kind()).isEqualTo(McpClientException.Kind.INVALID_RESPONSE))
                .hasMessageContaining("invalid Server Card").hasMessageContaining("name");
    }

    @Test
    void malformedJsonAndUnreachableHostsAreReported() throws Exception {
        URI endpoint = fake(200, "application/json", "{not json");
        assertThatThrownBy(() -> Discovery.card(endpoint)).hasMessageContaining("not valid JSON");
        fake.stop(0);
        fake = null;
        assertThatThrownBy(() -> Discovery.card(endpoint, Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(McpClientException.class,
                        e -> assertThat(e.kind()).isEqualTo(McpClientException.Kind.TRANSPORT));
    }

    @Test
    void resolvesCardAndCatalogUrls() {
        assertThat(Discovery.cardUrl(URI.create("https://h/mcp/"))).hasToString("https://h/mcp/server-card");
        assertThat(Discovery.cardUrl(URI.create("https://h/x/server-card"))).hasToString("https://h/x/server-card");
        assertThat(Discovery.catalogUrl(URI.create("https://h"))).hasToString("https://h/.well-known/ai-catalog.json");
        assertThat(Discovery.catalogUrl(URI.create("https://h/c.json"))).hasToString("https://h/c.json");
    }
}
