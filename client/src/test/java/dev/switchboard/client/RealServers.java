package dev.switchboard.client;

import dev.switchboard.examples.DemoServer;
import dev.switchboard.examples.FixtureServer;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.server.McpServer;

import java.net.URI;

/** The real servers of this repository on free loopback ports, plus clients for them. */
final class RealServers {
    private RealServers() {
    }

    /** Serves {@code server} on 127.0.0.1 and a free port. */
    static McpHttpServer serve(McpServer server) {
        try {
            return McpHttpServer.builder(server).port(0).start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test server", e);
        }
    }

    static McpHttpServer demo() {
        return serve(DemoServer.create());
    }

    static McpHttpServer fixture() {
        return serve(FixtureServer.create());
    }

    /** A client of {@code endpoint} in {@code era}, answering elicitations with the name Ada. */
    static McpClient client(URI endpoint, Era era) {
        return McpClient.builder(endpoint).era(era).elicitation(RealServers::ada).build();
    }

    /** The text of a result's first content block. */
    static String text(dev.switchboard.protocol.tools.CallToolResult result) {
        return ((dev.switchboard.protocol.content.TextContent) result.content().getFirst()).text();
    }

    /** Accepts any form with {@code name: "Ada"}. */
    static ElicitResult ada(dev.switchboard.protocol.elicitation.ElicitRequest request) {
        return ElicitResult.accept(JsonObject.of("name", Json.of("Ada")));
    }
}
