package dev.switchboard.cli;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.examples.DemoServer;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.discovery.ServerCards;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code switchboard card}: the demo server's card and catalog, and what a bad card looks like. */
class CardCommandTest {
    static McpHttpServer http;
    static HttpServer fake;
    static String url;
    static String fakeBase;

    @BeforeAll
    static void start() throws Exception {
        http = McpHttpServer.builder(DemoServer.create()).port(0).start();
        url = http.endpoint().toString();
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serve("/html/server-card", "text/html", "<html></html>");
        serve("/invalid/server-card", "application/mcp-server-card+json", """
                {"$schema":"https://static.modelcontextprotocol.io/schemas/v1/server-card.schema.json",
                 "name":"com.example/ok","version":"1.0.0","description":""}""");
        fake.start();
        fakeBase = "http://127.0.0.1:" + fake.getAddress().getPort();
    }

    private static void serve(String path, String type, String body) {
        fake.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
    }

    @AfterAll
    static void stop() {
        http.close();
        fake.stop(0);
    }

    @Test
    void printsTheCardReadably() {
        KeysCommandTest.Run r = KeysCommandTest.run("card", url);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("dev.switchboard/demo 0.1.0")
                .contains("streamable-http " + url + "  MCP 2026-07-28")
                .contains("Capabilities: tools").contains("echo — Returns the text it is given.");
    }

    @Test
    void printsRawJsonThatValidates() {
        KeysCommandTest.Run r = KeysCommandTest.run("card", url + "/server-card", "--json");
        assertThat(r.code()).isZero();
        assertThat(ServerCards.validate(Wire.parse(r.out().strip()))).isEmpty();
    }

    @Test
    void aBareHostShowsItsCatalogWithEachCard() {
        KeysCommandTest.Run r = KeysCommandTest.run("card", "http://127.0.0.1:" + http.port());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("AI Catalog at http://127.0.0.1:" + http.port() + "/.well-known/ai-catalog.json")
                .contains("urn:air:switchboard.dev:mcp:demo").contains("dev.switchboard/demo 0.1.0");
    }

    @Test
    void aMissingCardSays404() {
        KeysCommandTest.Run r = KeysCommandTest.run("card", "http://127.0.0.1:" + http.port() + "/elsewhere");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("/elsewhere/server-card").contains("no Server Card there (HTTP 404)");
    }

    @Test
    void aWrongContentTypeIsNamed() {
        KeysCommandTest.Run r = KeysCommandTest.run("card", fakeBase + "/html");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("content type is text/html").contains("application/mcp-server-card+json");
    }

    @Test
    void anInvalidCardNamesTheField() {
        KeysCommandTest.Run r = KeysCommandTest.run("card", fakeBase + "/invalid");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("invalid Server Card").contains("description");
    }
}
