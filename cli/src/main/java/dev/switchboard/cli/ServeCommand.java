package dev.switchboard.cli;

import dev.switchboard.examples.DemoServer;
import dev.switchboard.examples.FixtureServer;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.stdio.StdioTransport;
import dev.switchboard.state.redis.RedisState;
import dev.switchboard.state.seal.KeyRing;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code switchboard serve}: runs the demo server (or the conformance fixture) on HTTP or stdio. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the demo MCP server (or the conformance fixture) over Streamable HTTP or stdio.")
final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", defaultValue = "${env:SWITCHBOARD_HOST:-127.0.0.1}",
            description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "${env:SWITCHBOARD_PORT:-8080}",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--path", defaultValue = "/mcp", description = "Path of the MCP endpoint (default: ${DEFAULT-VALUE}).")
    String path;

    @Option(names = "--fixture", description = "Serve the conformance fixture server instead of the demo.")
    boolean fixture;

    @Option(names = "--stdio", description = "Serve on stdin/stdout (newline-delimited JSON-RPC) instead of HTTP.")
    boolean stdio;

    @Option(names = "--max-body", defaultValue = "4194304", description = "Largest request body in bytes (default: ${DEFAULT-VALUE}).")
    int maxBody;

    @Option(names = "--allow-origin", description = "An extra allowed browser Origin (repeatable).")
    List<String> origins = List.of();

    @Option(names = "--keys", defaultValue = "${env:SWITCHBOARD_KEYS}", paramLabel = "FILE",
            description = "Key-ring file (from 'switchboard keys new'); share it across instances so each "
                    + "accepts the others' requestState, cursors and session ids. Default: a random key per process.")
    java.nio.file.Path keys;

    @Option(names = "--state", defaultValue = "${env:SWITCHBOARD_STATE}", paramLabel = "URI",
            description = "Shared state for several instances, e.g. redis://127.0.0.1:6379 (sessions, "
                    + "subscriptions, change fan-out, answers routed between instances). Default: in-process.")
    java.net.URI state;

    private static RedisState connect(java.net.URI uri) {
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new IllegalArgumentException("--state must be a redis:// or rediss:// URI, got " + uri);
        }
        try {
            return RedisState.connect(uri);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot reach the state store at " + uri + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws Exception {
        KeyRing ring = keys == null ? null : KeyRing.read(keys);
        if (state != null && ring == null) {
            throw new IllegalArgumentException("--state " + state + " shares state between instances, so they must "
                    + "also share a key ring: add --keys FILE (create one with 'switchboard keys new FILE')");
        }
        RedisState shared = state == null ? null : connect(state);
        java.util.function.Consumer<McpServer.Builder> deployment = b -> {
            if (ring != null) {
                b.keyRing(ring);
            }
            if (shared != null) {
                b.eventBus(shared.bus()).keyValue(shared.store()).counters(shared.store());
            }
        };
        McpServer server = fixture ? FixtureServer.create(deployment) : DemoServer.create(deployment);
        if (stdio) {
            System.err.println("switchboard: serving " + server.info().name() + " on stdio");
            new StdioTransport(server, System.in, System.out).run();
            server.close();
            return 0;
        }
        McpHttpServer.Builder b = McpHttpServer.builder(server).host(host).port(port).path(path).maxBodyBytes(maxBody);
        origins.forEach(b::allowOrigin);
        McpHttpServer http = b.start();
        Runtime.getRuntime().addShutdownHook(new Thread(http::close, "switchboard-shutdown"));
        spec.commandLine().getOut().println("Switchboard MCP server (" + server.info().name() + ") listening on " + http.endpoint());
        spec.commandLine().getOut().flush();
        http.join();
        return 0;
    }
}
