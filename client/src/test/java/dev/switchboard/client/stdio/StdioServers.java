package dev.switchboard.client.stdio;

import dev.switchboard.examples.DemoServer;
import dev.switchboard.protocol.codec.JsonRpcCodec;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.JsonRpcError;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.Response;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.ToolHandler;
import dev.switchboard.server.stdio.StdioTransport;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Server processes for the stdio tests, started as {@code java -cp <this JVM's class path>
 * StdioServers <mode>}: {@code demo} serves {@link DemoServer} through {@link StdioTransport};
 * {@code crash} reads one message, prints garbage on stdout and a reason on stderr and exits with
 * 3; {@code stubborn} reads messages, never answers and ignores the end of its input;
 * {@code changing} is the demo server plus tools that add a tool ({@code add_tool}) or exit the
 * process ({@code exit}), echoing what it reads to stderr; {@code legacy-notifier} is a
 * session-era server that sends list changes and resource updates when {@code poke} is called.
 */
public final class StdioServers {
    private StdioServers() {
    }

    /** The command that runs {@code mode} in a fresh JVM on this JVM's class path. */
    public static List<String> command(String mode) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return List.of(java, "-cp", System.getProperty("java.class.path"), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                StdioServers.class.getName(), mode);
    }

    /**
     * A session-era server (2025-06-18 only) that answers {@code server/discover} before
     * {@code initialize} with an unusual error (-32000) or with a result that is no discover result.
     */
    private static void oddLegacy(boolean error) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (!(JsonRpcCodec.decode(Wire.parse(line)) instanceof Request r)) {
                continue;
            }
            System.err.println("got " + r.method());
            Response response = switch (r.method()) {
                case "server/discover" -> error
                        ? new Response.Failure(r.id(), new JsonRpcError(-32000, "Server not initialized", null))
                        : new Response.Success(r.id(), JsonObject.of("hello", Json.of("world")));
                case "initialize" -> new Response.Success(r.id(), (JsonObject) Wire.parse("""
                        {"protocolVersion":"2025-06-18","capabilities":{"tools":{}},
                         "serverInfo":{"name":"odd","version":"1.0.0"}}"""));
                case "tools/list" -> new Response.Success(r.id(), (JsonObject) Wire.parse("""
                        {"tools":[{"name":"odd_tool","inputSchema":{"type":"object"}}]}"""));
                default -> new Response.Failure(r.id(), new JsonRpcError(-32601, "Method not found", null));
            };
            System.out.write(Wire.write(response));
            System.out.write('\n');
            System.out.flush();
        }
    }

    /** The demo server, plus tools that change it or end the process; what it reads is echoed to stderr. */
    private static void changing() throws Exception {
        java.util.concurrent.atomic.AtomicReference<McpServer> self = new java.util.concurrent.atomic.AtomicReference<>();
        JsonObject object = JsonObject.of("type", Json.of("object"));
        McpServer server = DemoServer.create(b -> b
                .tool(Tool.of("add_tool", "adds a tool", object), ToolHandler.of(c -> {
                    self.get().addTool(Tool.of("added", "added", object), ToolHandler.of(x -> CallToolResult.of()));
                    return CallToolResult.of(TextContent.of("added"));
                }))
                .tool(Tool.of("exit", "ends the process", object), ToolHandler.of(c -> {
                    System.exit(0);
                    return CallToolResult.of();
                })));
        self.set(server);
        java.io.InputStream echoing = new java.io.FilterInputStream(System.in) {
            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    System.err.write(b, off, n);
                    System.err.flush();
                }
                return n;
            }
        };
        new StdioTransport(server, echoing, System.out).run();
        server.close();
    }

    /**
     * A session-era server with changes to report: {@code poke} is answered, then followed by
     * {@code tools/list_changed} and updates of {@code test://a} and {@code test://b}, untagged as
     * the era has them; {@code resources/subscribe} is noted on stderr.
     */
    private static void legacyNotifier() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (!(JsonRpcCodec.decode(Wire.parse(line)) instanceof Request r)) {
                continue;
            }
            System.err.println("got " + r.method() + " " + r.params());
            Response response = switch (r.method()) {
                case "initialize" -> new Response.Success(r.id(), (JsonObject) Wire.parse("""
                        {"protocolVersion":"2025-11-25","capabilities":{"tools":{"listChanged":true},
                         "resources":{"subscribe":true}},"serverInfo":{"name":"notifier","version":"1"}}"""));
                case "tools/call", "resources/subscribe", "resources/unsubscribe" ->
                        new Response.Success(r.id(), (JsonObject) Wire.parse("{\"content\":[]}"));
                default -> new Response.Failure(r.id(), new JsonRpcError(-32601, "Method not found", null));
            };
            System.out.write(Wire.write(response));
            System.out.write('\n');
            if ("tools/call".equals(r.method())) {
                System.out.println("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}");
                System.out.println("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\","
                        + "\"params\":{\"uri\":\"test://b\"}}");
                System.out.println("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\","
                        + "\"params\":{\"uri\":\"test://a\"}}");
            }
            System.out.flush();
        }
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "demo" : args[0]) {
            case "demo" -> {
                McpServer server = DemoServer.create();
                new StdioTransport(server, System.in, System.out).run();
                server.close();
            }
            case "crash" -> {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                in.readLine();
                System.out.println("this is not JSON-RPC");
                System.out.flush();
                System.err.println("fatal: the database is on fire");
                System.exit(3);
            }
            case "stubborn" -> {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                while (in.readLine() != null) {
                    System.err.println("ignoring a message");
                }
                Thread.sleep(Long.MAX_VALUE);
            }
            case "odd-legacy-error", "odd-legacy-result" -> oddLegacy(args[0].endsWith("error"));
            case "changing" -> changing();
            case "legacy-notifier" -> legacyNotifier();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
