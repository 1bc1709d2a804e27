package dev.switchboard.client.stdio;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.Era;
import dev.switchboard.client.McpClient;
import dev.switchboard.testkit.interop.NodeScripts;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.notifications.ProgressNotification;
import dev.switchboard.protocol.resources.ReadResourceResult;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.roots.Root;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link McpClient} against a real third-party server, the reference
 * {@code @modelcontextprotocol/server-everything} (pinned in {@code interop/package.json}) on
 * Node 22: over stdio, and over Streamable HTTP on a loopback port.
 */
@Timeout(120)
class ServerEverythingIT {
    static NodeScripts node;

    @BeforeAll
    static void prepare() {
        node = NodeScripts.prepare();
    }

    private static McpClient.Builder handlers(McpClient.Builder b, List<ElicitRequest> asked, AtomicInteger rootsAsked) {
        return b.requestTimeout(Duration.ofSeconds(30))
                .elicitation(request -> {
                    asked.add(request);
                    return ElicitResult.accept(JsonObject.of("name", Json.of("Ada Lovelace")));
                })
                .roots(request -> {
                    rootsAsked.incrementAndGet();
                    return ListRootsResult.of(Root.of("file:///tmp/switchboard", "scratch"));
                });
    }

    private static String texts(CallToolResult r) {
        return r.content().stream().filter(c -> c instanceof TextContent).map(c -> ((TextContent) c).text())
                .collect(Collectors.joining("\n"));
    }

    @Test
    void overStdio() throws Exception {
        List<ElicitRequest> asked = new CopyOnWriteArrayList<>();
        AtomicInteger rootsAsked = new AtomicInteger();
        ProcessHandle child;
        try (McpClient client = handlers(McpClient.builder(List.of(node.node().toString(), node.serverEverything().toString(),
                "stdio")).workingDirectory(node.interop()).environment("NODE_OPTIONS", null), asked, rootsAsked).build()) {
            child = client.serverProcess().orElseThrow();
            exercise(client, asked);
            // server-everything asks for the roots 350 ms after initialization (a request outside any call)
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (rootsAsked.get() == 0 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertThat(rootsAsked.get()).as("roots/list answered while no call waited").isPositive();
        }
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void overStreamableHttp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(node.node().toString(), "--import", node.localhostOnly().toUri().toString(),
                node.serverEverything().toString(), "streamableHttp").directory(node.interop().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PORT", Integer.toString(port));
        pb.environment().remove("NODE_OPTIONS");
        Process server = pb.start();
        try {
            waitForPort(port, server);
            List<ElicitRequest> asked = new CopyOnWriteArrayList<>();
            try (McpClient client = handlers(McpClient.builder(URI.create("http://127.0.0.1:" + port + "/mcp")), asked,
                    new AtomicInteger()).build()) {
                exercise(client, asked);
            }
        } finally {
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
            server.waitFor();
        }
    }

    private static void waitForPort(int port, Process server) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < until) {
            if (!server.isAlive()) {
                throw new AssertionError("server-everything exited with " + server.exitValue());
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("server-everything did not listen on 127.0.0.1:" + port);
    }

    private static void exercise(McpClient client, List<ElicitRequest> asked) throws InterruptedException {
        // a session-era server: AUTO falls back to initialize
        assertThat(client.era()).isEqualTo(Era.LEGACY);
        assertThat(client.serverInfo().name()).isNotBlank();

        List<String> tools = waitForTool(client, "trigger-elicitation-request");
        assertThat(tools).contains("echo", "trigger-long-running-operation", "trigger-elicitation-request");

        assertThat(texts(client.callTool("echo", JsonObject.of("message", Json.of("hello ✓"))))).contains("hello ✓");

        List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
        CallToolResult longRun = client.callTool(CallToolRequest.of("trigger-long-running-operation",
                        JsonObject.of("duration", Json.of(1), "steps", Json.of(3))),
                CallOptions.builder().onProgress(progress::add).build());
        assertThat(texts(longRun)).contains("Long running operation completed");
        assertThat(progress).extracting(ProgressNotification::progress).containsExactly(1.0, 2.0, 3.0);

        List<Resource> resources = client.listAllResources();
        assertThat(resources).isNotEmpty();
        ReadResourceResult read = client.readResource(resources.getFirst().uri());
        assertThat(read.contents()).isNotEmpty();

        CallToolResult elicited = client.callTool("trigger-elicitation-request", JsonObject.EMPTY);
        assertThat(asked).hasSize(1);
        assertThat(texts(elicited)).contains("Ada Lovelace");
    }

    /** server-everything registers its capability-dependent tools just after initialization. */
    private static List<String> waitForTool(McpClient client, String name) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> names;
        do {
            names = client.listAllTools().stream().map(Tool::name).toList();
            if (names.contains(name)) {
                return names;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < until);
        return names;
    }
}
