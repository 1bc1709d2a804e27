package dev.switchboard.client;

import dev.switchboard.client.internal.CallControl;
import dev.switchboard.client.internal.CallRunner;
import dev.switchboard.client.internal.ClientSettings;
import dev.switchboard.client.internal.Connection;
import dev.switchboard.client.internal.Connector;
import dev.switchboard.client.internal.Exchanger;
import dev.switchboard.client.internal.HttpTransport;
import dev.switchboard.client.internal.Ids;
import dev.switchboard.client.internal.InputAnswers;
import dev.switchboard.client.internal.Results;
import dev.switchboard.client.internal.ToolHeaders;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.completion.CompleteRequest;
import dev.switchboard.protocol.completion.CompleteResult;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.DiscoverRequest;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.protocol.prompts.GetPromptRequest;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.ListPromptsRequest;
import dev.switchboard.protocol.prompts.ListPromptsResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.resources.ListResourceTemplatesRequest;
import dev.switchboard.protocol.resources.ListResourceTemplatesResult;
import dev.switchboard.protocol.resources.ListResourcesRequest;
import dev.switchboard.protocol.resources.ListResourcesResult;
import dev.switchboard.protocol.resources.ReadResourceRequest;
import dev.switchboard.protocol.resources.ReadResourceResult;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceTemplate;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.ListToolsRequest;
import dev.switchboard.protocol.tools.ListToolsResult;
import dev.switchboard.protocol.tools.Tool;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/*
 * Over 400 lines on purpose: this is the entry point, one documented method (plus overloads) per
 * protocol request and the builder. The logic lives in dev.switchboard.client.internal.
 */

/**
 * A client of one MCP server over Streamable HTTP, speaking MCP 2026-07-28 or the session era
 * (2025-11-25 and earlier), whichever the server does ({@link Era}).
 *
 * <pre>{@code
 * try (McpClient client = McpClient.builder(URI.create("http://127.0.0.1:8080/mcp"))
 *         .elicitation(request -> ElicitResult.accept(JsonObject.of("name", Json.of("Ada"))))
 *         .build()) {
 *     for (Tool tool : client.listAllTools()) {
 *         System.out.println(tool.name());
 *     }
 *     CallToolResult r = client.callTool("echo", JsonObject.of("text", Json.of("hi")));
 * }
 * }</pre>
 *
 * <p>There is one method per protocol request, taking the request's params record and returning
 * its result record; convenience overloads build the record for you. Every method blocks the
 * calling thread until the complete result arrives (run many on virtual threads for concurrency)
 * and throws {@link McpClientException} on failure. Nothing is sent before the first call, which
 * negotiates the era. MRTR rounds (the server asking for input) are answered through the
 * registered handlers and retried transparently. A tool that fails is a result with
 * {@code isError}, not an exception.
 *
 * <p>Thread-safe: share one client per server. It owns an HTTP connection pool; {@link #close()}
 * releases it (and ends the session-era session).
 */
public final class McpClient implements AutoCloseable {
    /** This client's version, reported in the default {@code clientInfo}. */
    public static final String VERSION = "0.1.0";
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final ClientSettings settings;
    private final HttpTransport transport;
    private final Connector connector;
    private final CallRunner runner;
    private final ToolHeaders tools = new ToolHeaders();
    private final AtomicBoolean closed = new AtomicBoolean();

    private McpClient(ClientSettings settings, Duration connectTimeout) {
        this.settings = settings;
        this.transport = new HttpTransport(connectTimeout,
                settings.clientInfo().name() + "/" + settings.clientInfo().version());
        Exchanger exchanger = new Exchanger(transport, settings.endpoint(), settings.maxResponseBytes());
        this.connector = new Connector(settings, exchanger, tools, new Ids(), transport);
        this.runner = new CallRunner(settings, connector, tools, transport);
    }

    /**
     * A builder for a client of the MCP endpoint at {@code endpoint} ({@code http} or {@code https}).
     *
     * @throws IllegalArgumentException for another scheme or a URI without host
     */
    public static Builder builder(URI endpoint) {
        return new Builder(endpoint);
    }

    // ---- what was negotiated ----------------------------------------------------------------

    /** The MCP endpoint. */
    public URI endpoint() {
        return settings.endpoint();
    }

    /** The era in use, {@link Era#MODERN} or {@link Era#LEGACY}; negotiates first if needed. */
    public Era era() {
        return runner.connection().isModern() ? Era.MODERN : Era.LEGACY;
    }

    /** The protocol revision in use, e.g. {@code 2026-07-28}; negotiates first if needed. */
    public String protocolVersion() {
        return runner.connection().protocolVersion();
    }

    /**
     * The server's capabilities, from the era probe or the handshake; sends {@code server/discover}
     * when the modern era was forced and nothing is known yet.
     */
    public ServerCapabilities serverCapabilities() {
        Connection c = runner.connection();
        return c.description() != null ? c.serverCapabilities() : discover().capabilities();
    }

    /** The server's implementation info, or null when the server did not send it. */
    public Implementation serverInfo() {
        Connection c = runner.connection();
        if (c.description() == null) {
            discover();
        }
        return c.serverInfo();
    }

    // ---- server/discover --------------------------------------------------------------------

    /**
     * {@code server/discover}: versions, capabilities, instructions. In the session era, which has
     * no such request, the answer is made from the {@code initialize} result ({@code ttlMs} 0).
     */
    public DiscoverResult discover(DiscoverRequest request, CallOptions options) {
        Connection c = runner.connection();
        if (!c.isModern()) {
            return c.description();
        }
        DiscoverResult result = rpc(Methods.SERVER_DISCOVER, request, options, DiscoverResult.class);
        c.describe(result);
        return result;
    }

    /** {@code server/discover} with default options. */
    public DiscoverResult discover() {
        return discover(DiscoverRequest.of(), CallOptions.DEFAULT);
    }

    // ---- tools ------------------------------------------------------------------------------

    /**
     * {@code tools/list}: one page. Tools whose {@code x-mcp-header} annotations are invalid are
     * left out (with a logged warning), as the protocol tells clients to; the annotations of the
     * others are remembered so that {@link #callTool} can send their {@code Mcp-Param-*} headers.
     */
    public ListToolsResult listTools(ListToolsRequest request, CallOptions options) {
        ListToolsResult page = rpc(Methods.TOOLS_LIST, request, options, ListToolsResult.class);
        return connector.current().isModern() ? tools.accept(page) : page;
    }

    /** {@code tools/list}: one page, default options. */
    public ListToolsResult listTools(ListToolsRequest request) {
        return listTools(request, CallOptions.DEFAULT);
    }

    /** Every tool, following {@code nextCursor} through all pages. */
    public List<Tool> listAllTools() {
        return all(c -> listTools(new ListToolsRequest(c, null)), ListToolsResult::tools, ListToolsResult::nextCursor);
    }

    /**
     * {@code tools/call}. Input the server asks for is obtained from the handlers and the call
     * retried (at most {@link Builder#maxInputRounds} rounds). After a {@code -32020} header
     * mismatch the tool list is fetched again and the call retried once.
     *
     * @return the tool's result; a failed tool has {@code isError} set
     */
    public CallToolResult callTool(CallToolRequest request, CallOptions options) {
        return rpc(Methods.TOOLS_CALL, request, options, CallToolResult.class);
    }

    /** {@code tools/call} with default options. */
    public CallToolResult callTool(CallToolRequest request) {
        return callTool(request, CallOptions.DEFAULT);
    }

    /** {@code tools/call} of tool {@code name} with {@code arguments} (may be null). */
    public CallToolResult callTool(String name, JsonObject arguments) {
        return callTool(CallToolRequest.of(name, arguments), CallOptions.DEFAULT);
    }

    // ---- resources --------------------------------------------------------------------------

    /** {@code resources/list}: one page. */
    public ListResourcesResult listResources(ListResourcesRequest request, CallOptions options) {
        return rpc(Methods.RESOURCES_LIST, request, options, ListResourcesResult.class);
    }

    /** {@code resources/list}: one page, default options. */
    public ListResourcesResult listResources(ListResourcesRequest request) {
        return listResources(request, CallOptions.DEFAULT);
    }

    /** Every resource, through all pages. */
    public List<Resource> listAllResources() {
        return all(c -> listResources(new ListResourcesRequest(c, null)), ListResourcesResult::resources,
                ListResourcesResult::nextCursor);
    }

    /** {@code resources/templates/list}: one page. */
    public ListResourceTemplatesResult listResourceTemplates(ListResourceTemplatesRequest request, CallOptions options) {
        return rpc(Methods.RESOURCES_TEMPLATES_LIST, request, options, ListResourceTemplatesResult.class);
    }

    /** {@code resources/templates/list}: one page, default options. */
    public ListResourceTemplatesResult listResourceTemplates(ListResourceTemplatesRequest request) {
        return listResourceTemplates(request, CallOptions.DEFAULT);
    }

    /** Every resource template, through all pages. */
    public List<ResourceTemplate> listAllResourceTemplates() {
        return all(c -> listResourceTemplates(new ListResourceTemplatesRequest(c, null)),
                ListResourceTemplatesResult::resourceTemplates, ListResourceTemplatesResult::nextCursor);
    }

    /** {@code resources/read}; input the server asks for is handled as for {@link #callTool}. */
    public ReadResourceResult readResource(ReadResourceRequest request, CallOptions options) {
        return rpc(Methods.RESOURCES_READ, request, options, ReadResourceResult.class);
    }

    /** {@code resources/read} with default options. */
    public ReadResourceResult readResource(ReadResourceRequest request) {
        return readResource(request, CallOptions.DEFAULT);
    }

    /** {@code resources/read} of {@code uri}. */
    public ReadResourceResult readResource(String uri) {
        return readResource(ReadResourceRequest.of(uri), CallOptions.DEFAULT);
    }

    // ---- prompts and completion -------------------------------------------------------------

    /** {@code prompts/list}: one page. */
    public ListPromptsResult listPrompts(ListPromptsRequest request, CallOptions options) {
        return rpc(Methods.PROMPTS_LIST, request, options, ListPromptsResult.class);
    }

    /** {@code prompts/list}: one page, default options. */
    public ListPromptsResult listPrompts(ListPromptsRequest request) {
        return listPrompts(request, CallOptions.DEFAULT);
    }

    /** Every prompt, through all pages. */
    public List<Prompt> listAllPrompts() {
        return all(c -> listPrompts(new ListPromptsRequest(c, null)), ListPromptsResult::prompts,
                ListPromptsResult::nextCursor);
    }

    /** {@code prompts/get}; input the server asks for is handled as for {@link #callTool}. */
    public GetPromptResult getPrompt(GetPromptRequest request, CallOptions options) {
        return rpc(Methods.PROMPTS_GET, request, options, GetPromptResult.class);
    }

    /** {@code prompts/get} with default options. */
    public GetPromptResult getPrompt(GetPromptRequest request) {
        return getPrompt(request, CallOptions.DEFAULT);
    }

    /** {@code prompts/get} of prompt {@code name} with {@code arguments} (may be null). */
    public GetPromptResult getPrompt(String name, Map<String, String> arguments) {
        return getPrompt(GetPromptRequest.of(name, arguments), CallOptions.DEFAULT);
    }

    /** {@code completion/complete}: suggestions for a prompt or resource-template argument. */
    public CompleteResult complete(CompleteRequest request, CallOptions options) {
        return rpc(Methods.COMPLETION_COMPLETE, request, options, CompleteResult.class);
    }

    /** {@code completion/complete} with default options. */
    public CompleteResult complete(CompleteRequest request) {
        return complete(request, CallOptions.DEFAULT);
    }

    // ---- lifecycle --------------------------------------------------------------------------

    /**
     * Stops calls in flight (they fail with {@link McpClientException.Kind#CLOSED}), ends a
     * session-era session with DELETE (best effort, bounded to 5 s) and releases connections and
     * threads. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        runner.close();
        try (CallControl control = new CallControl(transport, CLOSE_TIMEOUT, null, "DELETE", settings.endpoint())) {
            connector.close(control);
        } finally {
            transport.close();
        }
    }

    private <T> T rpc(String method, Object request, CallOptions options, Class<T> type) {
        JsonObject result = runner.call(method, Codec.encode(request), options);
        return Results.decode(method, result, type, settings.endpoint());
    }

    private <R, T> List<T> all(Function<String, R> page, Function<R, List<T>> items, Function<R, String> next) {
        List<T> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        for (int i = 0; i < CallRunner.MAX_PAGES; i++) {
            R r = page.apply(cursor);
            out.addAll(items.apply(r));
            cursor = next.apply(r);
            if (cursor == null) {
                return out;
            }
            if (!seen.add(cursor)) {
                throw new McpClientException(McpClientException.Kind.INVALID_RESPONSE, "Invalid response from "
                        + settings.endpoint() + ": the list's cursor \"" + cursor + "\" came back twice");
            }
        }
        throw new McpClientException(McpClientException.Kind.INVALID_RESPONSE, "Invalid response from "
                + settings.endpoint() + ": the list did not end after " + CallRunner.MAX_PAGES + " pages");
    }

    /**
     * Configures an {@link McpClient}. Every setting has a default; handlers are optional and
     * decide the capabilities the client declares. Not thread-safe.
     */
    public static final class Builder {
        private static final Set<String> RESERVED = Set.of("accept", "content-type", "content-length",
                "mcp-protocol-version", "mcp-method", "mcp-name", "mcp-session-id", "last-event-id", "host");

        private final URI endpoint;
        private Era era = Era.AUTO;
        private Implementation clientInfo = Implementation.of("switchboard-client", VERSION);
        private Duration timeout = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private final Map<String, String> headers = new LinkedHashMap<>();
        private int maxInputRounds = 8;
        private long maxResponseBytes = 16L * 1024 * 1024;
        private ElicitationHandler elicitation;
        private boolean elicitForm;
        private boolean elicitUrl;
        private SamplingHandler sampling;
        private boolean samplingTools;
        private RootsHandler roots;

        private Builder(URI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint");
            String scheme = endpoint.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || endpoint.getHost() == null) {
                throw new IllegalArgumentException("the MCP endpoint must be an http or https URL with a host, got "
                        + endpoint);
            }
            this.endpoint = endpoint;
        }

        /** Which era to speak (default {@link Era#AUTO}: probe, then fall back). */
        public Builder era(Era era) {
            this.era = Objects.requireNonNull(era, "era");
            return this;
        }

        /** The client's name and version, sent as {@code clientInfo} (default {@code switchboard-client}). */
        public Builder clientInfo(Implementation clientInfo) {
            this.clientInfo = Objects.requireNonNull(clientInfo, "clientInfo");
            return this;
        }

        /**
         * How long a call may take unless its {@link CallOptions} say otherwise (default 60 s).
         * Time spent in the client's own handlers does not count.
         */
        public Builder requestTimeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /** How long establishing a connection may take (default 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Adds a header to every request, e.g. {@code Authorization: Bearer ...}. The protocol's own
         * headers ({@code MCP-Protocol-Version}, {@code Mcp-Method}, {@code Mcp-Name},
         * {@code Mcp-Param-*}, {@code Mcp-Session-Id}, {@code Accept}, {@code Content-Type}) are
         * set by the client and refused here.
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (RESERVED.contains(lower) || lower.startsWith("mcp-param-")) {
                throw new IllegalArgumentException("header " + name + " is set by the client itself");
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header " + name + " must not contain CR or LF");
            }
            headers.put(name, value);
            return this;
        }

        /** Most MRTR rounds one call may take before it fails with {@link McpClientException.Kind#INPUT} (default 8). */
        public Builder maxInputRounds(int rounds) {
            if (rounds < 1) {
                throw new IllegalArgumentException("maxInputRounds must be at least 1, got " + rounds);
            }
            this.maxInputRounds = rounds;
            return this;
        }

        /** Largest JSON response body or SSE event accepted (default 16 MiB); larger ones fail the call. */
        public Builder maxResponseBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxResponseBytes must be positive, got " + bytes);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /** Answers form-mode elicitation; declares {@code elicitation: {form: {}}}. */
        public Builder elicitation(ElicitationHandler handler) {
            return elicitation(handler, true, false);
        }

        /**
         * Answers elicitation in the given modes; declares {@code elicitation} with {@code form}
         * and/or {@code url}.
         */
        public Builder elicitation(ElicitationHandler handler, boolean form, boolean url) {
            if (!form && !url) {
                throw new IllegalArgumentException("enable at least one elicitation mode");
            }
            this.elicitation = Objects.requireNonNull(handler, "handler");
            this.elicitForm = form;
            this.elicitUrl = url;
            return this;
        }

        /** Answers sampling without tools; declares {@code sampling: {}}. */
        public Builder sampling(SamplingHandler handler) {
            return sampling(handler, false);
        }

        /** Answers sampling; with {@code tools}, declares {@code sampling: {tools: {}}} too. */
        public Builder sampling(SamplingHandler handler, boolean tools) {
            this.sampling = Objects.requireNonNull(handler, "handler");
            this.samplingTools = tools;
            return this;
        }

        /** Answers {@code roots/list}; declares {@code roots: {}}. */
        public Builder roots(RootsHandler handler) {
            this.roots = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Builds the client; nothing is sent until the first call. */
        public McpClient build() {
            ClientCapabilities caps = new ClientCapabilities(
                    roots == null ? null : JsonObject.EMPTY,
                    sampling == null ? null : samplingTools ? JsonObject.of("tools", JsonObject.EMPTY) : JsonObject.EMPTY,
                    elicitation == null ? null : modes(),
                    null, null);
            return new McpClient(new ClientSettings(endpoint, era, clientInfo, caps,
                    new InputAnswers(elicitation, sampling, roots), timeout, headers, maxInputRounds, maxResponseBytes),
                    connectTimeout);
        }

        private JsonObject modes() {
            JsonObject.Builder b = JsonObject.builder();
            if (elicitForm) {
                b.put("form", JsonObject.EMPTY);
            }
            if (elicitUrl) {
                b.put("url", JsonObject.EMPTY);
            }
            return b.build();
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
