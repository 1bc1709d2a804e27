package dev.switchboard.client.stdio;

import dev.switchboard.examples.DemoServer;
import dev.switchboard.protocol.codec.JsonRpcCodec;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.JsonRpcError;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.Response;
import dev.switchboard.server.McpServer;
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
 * 3; {@code stubborn} reads messages, never answers and ignores the end of its input.
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
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
