package dev.switchboard.registry.example;

import dev.switchboard.examples.DemoServer;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.registry.Registry;
import dev.switchboard.registry.Registry.Submission;
import dev.switchboard.registry.RegistryServer;
import dev.switchboard.registry.entry.Precedence;
import dev.switchboard.registry.entry.Provenance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The agent finds the demo server through the registry, skips one it cannot use, and connects. */
class RegistryAgentTest {
    static final Provenance FILES = new Provenance("files:test", "test", Precedence.FILES);

    @Test
    void searchesTheRegistryThenConnectsToTheServerItFound() throws Exception {
        try (McpHttpServer demo = McpHttpServer.builder(DemoServer.create()).port(0).start();
             Registry registry = Registry.inMemory()) {
            registry.offer(Submission.of(FILES, Wire.parse("""
                    {"name": "com.example/echo-pro", "version": "1.0.0", "description": "Echo demo with an API key.",
                     "remotes": [{"type": "streamable-http", "url": "https://echo.example.com/mcp",
                                  "headers": [{"name": "X-Api-Key", "isRequired": true}]}]}""")));
            registry.offer(Submission.of(FILES, Wire.parse("""
                    {"name": "dev.switchboard/demo", "version": "0.1.0", "description": "Echo demo: echo, add, greet.",
                     "remotes": [{"type": "streamable-http", "url": "%s"}]}""".formatted(demo.endpoint()))));
            try (RegistryServer server = RegistryServer.builder(registry).port(0).start()) {
                RegistryAgent.Found found = RegistryAgent.findAndConnect(server.endpoint(), "echo demo");
                assertThat(found.name()).isEqualTo("dev.switchboard/demo");
                assertThat(found.url()).isEqualTo(demo.endpoint());
                assertThat(found.tools()).contains("echo", "add");
                assertThatThrownBy(() -> RegistryAgent.findAndConnect(server.endpoint(), "quantum chemistry"))
                        .hasMessageContaining("no reachable server for \"quantum chemistry\"");
            }
        }
    }
}
