package dev.switchboard.client.internal;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.McpClientException;
import dev.switchboard.client.McpClientException.Kind;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.mrtr.InputRequiredResult;
import dev.switchboard.protocol.tasks.TasksExtension;
import dev.switchboard.protocol.tools.ListToolsResult;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one API call to completion: connects (negotiating the era on first use), sends, and loops
 * while the server needs more (MRTR {@code input_required} rounds, each with a new id, the
 * original params, the handlers' {@code inputResponses} and the exact {@code requestState}; one
 * {@code tools/list} refresh and retry after a {@code -32020} on a {@code tools/call}). Returns
 * the complete result object. Thread-safe; each call runs on its caller's thread.
 */
public final class CallRunner {
    /** Bound on pages walked when listing everything, against servers whose cursors never end. */
    public static final int MAX_PAGES = 10_000;

    private static final String COMPLETE = "complete";
    private static final String INPUT_REQUIRED = "input_required";

    private final ClientSettings settings;
    private final Connector connector;
    private final ToolHeaders tools;
    private final Timer timer;
    private final ResultCache cache;
    private final Set<CallControl> active = ConcurrentHashMap.newKeySet();
    private final AtomicLong progressTokens = new AtomicLong();
    private volatile boolean closed;

    /** A runner over {@code connector}. */
    public CallRunner(ClientSettings settings, Connector connector, ToolHeaders tools, Timer timer) {
        this(settings, connector, tools, timer, null);
    }

    /** A runner over {@code connector} that serves and stores cacheable results in {@code cache} (null: none). */
    public CallRunner(ClientSettings settings, Connector connector, ToolHeaders tools, Timer timer, ResultCache cache) {
        this.settings = settings;
        this.connector = connector;
        this.tools = tools;
        this.timer = timer;
        this.cache = cache;
    }

    /**
     * Calls {@code method} and returns its complete result object.
     *
     * @throws McpClientException for every failure, by kind
     */
    public JsonObject call(String method, JsonObject params, CallOptions options) {
        return call(method, params, options, false);
    }

    /**
     * Calls {@code method}, declaring the Tasks extension when {@code tasks} is true, and returns
     * its complete result object, or (only then, and only for {@code tools/call}) a
     * {@code CreateTaskResult} object ({@code "resultType":"task"}).
     *
     * @throws McpClientException for every failure, by kind; {@link Kind#UNSUPPORTED} when
     *                            {@code tasks} is asked of a session-era server
     */
    public JsonObject call(String method, JsonObject params, CallOptions options, boolean tasks) {
        return call(method, params, options, tasks, false);
    }

    /**
     * Calls {@code method} once and returns its complete result object or, unanswered, its
     * {@code InputRequiredResult} object ({@code "resultType":"input_required"}): the caller runs
     * the MRTR rounds itself (a gateway relaying input requests to its own client). Only
     * {@code tools/call}, {@code prompts/get} and {@code resources/read} may ask for input.
     *
     * @throws McpClientException for every failure, by kind
     */
    public JsonObject callOneRound(String method, JsonObject params, CallOptions options) {
        return callOneRound(method, params, options, false);
    }

    /**
     * {@link #callOneRound}, declaring the Tasks extension when {@code tasks} is true: the result
     * may then also be a {@code CreateTaskResult} object, as for {@link #call(String, JsonObject, CallOptions, boolean)}.
     */
    public JsonObject callOneRound(String method, JsonObject params, CallOptions options, boolean tasks) {
        return call(method, params, options, tasks, true);
    }

    private JsonObject call(String method, JsonObject params, CallOptions options, boolean tasks, boolean oneRound) {
        CallControl control = open(method, options);
        try {
            boolean cacheable = cache != null && ResultCache.cacheable(method, params);
            if (cacheable) {
                JsonObject hit = cache.get(method, params);
                if (hit != null) {
                    return hit;
                }
            }
            long generation = cacheable ? cache.generation() : -1;
            Connection c = connector.connect(control);
            if (tasks && !c.isModern()) {
                throw new McpClientException(Kind.UNSUPPORTED, method + " to " + settings.endpoint() + " cannot use the "
                        + "Tasks extension (" + TasksExtension.ID + "): the server speaks " + c.protocolVersion()
                        + ", and the extension exists from MCP 2026-07-28 on (the session era's SEP-1686 tasks "
                        + "are a different protocol)");
            }
            Json token = options.progress() == null ? null : Json.of("switchboard-" + progressTokens.incrementAndGet());
            try {
                return run(c, new Call(method, options, control, token, tasks), params, generation, oneRound);
            } catch (ErrorResponseException e) {
                if (cacheable && e.code() == ErrorCode.INVALID_PARAMS && params.has("cursor")) {
                    cache.invalidate(method); // the cursor is no longer valid: so are the other cached pages
                }
                throw e;
            }
        } finally {
            finish(control);
        }
    }

    /** The negotiated connection, negotiating now if needed. */
    public Connection connection() {
        Connection known = connector.current();
        if (known != null && !closed) {
            // negotiated once per client: asking again must not cost a timed CallControl (the
            // gateway asks for the era on every forwarded call)
            return known;
        }
        CallControl control = open("connect", CallOptions.DEFAULT);
        try {
            return connector.connect(control);
        } finally {
            finish(control);
        }
    }

    private CallControl open(String method, CallOptions options) {
        if (closed) {
            throw new McpClientException(Kind.CLOSED, "The client for " + settings.endpoint() + " is closed");
        }
        CallControl control = new CallControl(timer, options.timeout() != null ? options.timeout() : settings.timeout(),
                options.cancellation(), method, settings.endpoint());
        active.add(control);
        if (closed) {
            control.stop(Kind.CLOSED);
        }
        return control;
    }

    private void finish(CallControl control) {
        active.remove(control);
        control.close();
    }

    /**
     * Runs the call; a complete first answer is offered to the cache when {@code generation} is
     * not -1; with {@code oneRound}, input_required is returned instead of answered.
     */
    private JsonObject run(Connection c, Call call, JsonObject params, long generation, boolean oneRound) {
        JsonObject current = params;
        int rounds = 0;
        boolean refreshed = false;
        while (true) {
            JsonObject result;
            try {
                result = c.request(call, current);
            } catch (ErrorResponseException e) {
                if (!refreshed && c.isModern() && e.code() == ErrorCode.HEADER_MISMATCH
                        && Methods.TOOLS_CALL.equals(call.method()) && params.getObject("arguments") != null) {
                    refreshed = true; // the tool's x-mcp-header annotations may have changed: list again, retry once
                    refreshTools(c, call.control());
                    if (cache != null) {
                        cache.invalidate(Methods.TOOLS_LIST);
                    }
                    continue;
                }
                throw e;
            }
            String type = result.getString("resultType");
            if (type == null || COMPLETE.equals(type)) {
                if (rounds == 0 && generation != -1) {
                    cache.put(call.method(), params, result, generation); // never the answer to an MRTR retry
                }
                return result;
            }
            if (TasksExtension.RESULT_TYPE.equals(type)) {
                // a task is the answer only to a request that declared the extension, and only tools/call has tasks
                if (!call.tasks()) {
                    throw invalid(call, "a task (resultType \"task\") for a request that did not declare the "
                            + TasksExtension.ID + " extension");
                }
                if (!Methods.TOOLS_CALL.equals(call.method())) {
                    throw invalid(call, "a task (resultType \"task\") for " + call.method()
                            + ", which cannot run as a task");
                }
                return result;
            }
            if (!INPUT_REQUIRED.equals(type)) {
                throw invalid(call, "unknown resultType \"" + type + "\"");
            }
            if (!Methods.MRTR_METHODS.contains(call.method())) {
                throw invalid(call, "input_required is not allowed for " + call.method());
            }
            InputRequiredResult needed = Results.decode(call.method(), result, InputRequiredResult.class,
                    settings.endpoint());
            if (oneRound) {
                return result; // decoded once above, so that what the caller relays is known to be well-formed
            }
            if (++rounds > settings.maxInputRounds()) {
                throw new McpClientException(Kind.INPUT, call.method() + " to " + settings.endpoint()
                        + " still needed input after " + settings.maxInputRounds()
                        + " rounds (McpClient.Builder.maxInputRounds)");
            }
            JsonObject answers = settings.answers().answerAll(needed.inputRequests(), call.control());
            JsonObject.Builder retry = params.toBuilder().remove("inputResponses").remove("requestState");
            if (!answers.isEmpty()) {
                retry.put("inputResponses", answers);
            }
            retry.put("requestState", needed.requestState());
            current = retry.build();
        }
    }

    private void refreshTools(Connection c, CallControl control) {
        String cursor = null;
        Set<String> seen = new HashSet<>();
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonObject params = cursor == null ? JsonObject.EMPTY : JsonObject.of("cursor", Json.of(cursor));
            JsonObject result = c.request(new Call(Methods.TOOLS_LIST, CallOptions.DEFAULT, control, null), params);
            ListToolsResult listed = tools.accept(Results.decode(Methods.TOOLS_LIST, result, ListToolsResult.class,
                    settings.endpoint()));
            cursor = listed.nextCursor();
            if (cursor == null || !seen.add(cursor)) {
                return;
            }
        }
    }

    private McpClientException invalid(Call call, String problem) {
        return new McpClientException(Kind.INVALID_RESPONSE, "Invalid response to " + call.method() + " from "
                + settings.endpoint() + ": " + problem);
    }

    /** Stops every call in flight with {@link Kind#CLOSED} and refuses new ones. */
    public void close() {
        closed = true;
        for (CallControl c : active) {
            c.stop(Kind.CLOSED);
        }
    }
}
