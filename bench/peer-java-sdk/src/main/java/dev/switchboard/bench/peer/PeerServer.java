package dev.switchboard.bench.peer;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Peer MCP server for the load harness: the official MCP Java SDK (2.x) with its servlet
 * Streamable HTTP transport (session era: initialize, then Mcp-Session-Id on every request),
 * embedded in Jetty 12.1 ee10, serving one tool, {@code echo}, that returns its {@code text}
 * argument as text content. SDK defaults everywhere (input validation included), Jetty's default
 * thread pool; the only tuning is none.
 *
 * <p>Usage: {@code java -jar peer-java-sdk.jar [--port N] [--host 127.0.0.1]} (a bare number is
 * taken as the port). Prints {@code peer-java-sdk listening on http://HOST:PORT/mcp} once ready.
 */
public final class PeerServer {

    private static final String ECHO_INPUT_SCHEMA = """
            {"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}""";

    private PeerServer() {
    }

    public static void main(String[] args) throws Exception {
        String host = "127.0.0.1";
        int port = 8081;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--host" -> host = args[++i];
                default -> {
                    if (args[i].matches("\\d+")) {
                        port = Integer.parseInt(args[i]);
                    } else {
                        System.err.println("usage: peer-java-sdk [--port N] [--host ADDR]");
                        System.exit(2);
                    }
                }
            }
        }

        McpJsonMapper jsonMapper = McpJsonDefaults.getMapper();

        HttpServletStreamableServerTransportProvider transport =
                HttpServletStreamableServerTransportProvider.builder()
                        .jsonMapper(jsonMapper)
                        .mcpEndpoint("/mcp")
                        .build();

        McpSchema.Tool echoTool = McpSchema.Tool.builder()
                .name("echo")
                .description("Returns the given text")
                .inputSchema(jsonMapper, ECHO_INPUT_SCHEMA)
                .build();

        McpServerFeatures.SyncToolSpecification echo = McpServerFeatures.SyncToolSpecification.builder()
                .tool(echoTool)
                .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                        .addTextContent(String.valueOf(request.arguments().get("text")))
                        .isError(false)
                        .build())
                .build();

        McpSyncServer mcp = McpServer.sync(transport)
                .serverInfo("peer-java-sdk", "2.1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(echo)
                .build();

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder("mcp", transport);
        holder.setAsyncSupported(true); // the transport answers requests over an async SSE stream
        context.addServlet(holder, "/mcp");
        server.setHandler(context);
        server.setStopAtShutdown(true);
        server.setStopTimeout(2_000);

        Runtime.getRuntime().addShutdownHook(new Thread(mcp::close, "mcp-close"));

        server.start();
        System.out.println("peer-java-sdk listening on http://" + host + ":" + connector.getLocalPort() + "/mcp");
        System.out.flush();
        server.join();
    }
}
