package dev.switchboard.server.internal;

import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.codec.DecodeException;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.Response;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.sampling.CreateMessageResult;
import dev.switchboard.server.EventSink;
import dev.switchboard.server.InputResponses;
import dev.switchboard.server.session.ReplyRouter;
import dev.switchboard.server.session.Session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Session era: sends a handler's input requests as server-to-client requests on the request's
 * own response stream and waits, bounded, for the answers (which may arrive on any instance and
 * are routed back by the {@link ReplyRouter}).
 */
public final class SessionInputBridge implements InputBridge {
    private final ReplyRouter router;
    private final Session session;
    private final EventSink sink;
    private final Duration timeout;

    public SessionInputBridge(ReplyRouter router, Session session, EventSink sink, Duration timeout) {
        this.router = router;
        this.session = session;
        this.sink = sink;
        this.timeout = timeout;
    }

    private record Asked(String key, String method, ReplyRouter.Outstanding outstanding) {
    }

    @Override
    public InputResponses ask(Map<String, InputRequest> requests) throws InterruptedException {
        List<Asked> asked = new ArrayList<>();
        JsonArray batch = requests.size() > 1 ? JsonArray.ofStrings(requests.keySet()) : null;
        try {
            for (var e : requests.entrySet()) {
                InputRequest r = e.getValue();
                JsonObject params = named(Codec.encode(r).getObject("params"), e.getKey(), batch);
                ReplyRouter.Outstanding out = router.ask(session.nonce());
                asked.add(new Asked(e.getKey(), r.method(), out));
                if (!sink.send(new Request(out.id(), r.method(), params))) {
                    throw new McpException(ErrorCode.INTERNAL_ERROR, "Cannot send " + r.method()
                            + " to the client: the response stream is closed, or the request's Accept header "
                            + "lacks text/event-stream (server-to-client requests travel on the SSE stream)");
                }
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<String, Object> answers = new LinkedHashMap<>();
            for (Asked a : asked) {
                Response response = await(a, deadline);
                answers.put(a.key(), decode(a, response));
            }
            return new InputResponses(answers);
        } finally {
            asked.forEach(a -> a.outstanding().close());
        }
    }

    /**
     * {@code params} naming, in {@code _meta}, the handler's key ({@link InputRequest#KEY_META}) and
     * the keys sent with it ({@link InputRequest#BATCH_META}, when more than one), for gateways.
     */
    private static JsonObject named(JsonObject params, String key, JsonArray batch) {
        JsonObject base = params == null ? JsonObject.EMPTY : params;
        JsonObject meta = base.getObject("_meta") == null ? JsonObject.EMPTY : base.getObject("_meta");
        meta = meta.with(InputRequest.KEY_META, Json.of(key));
        return base.with("_meta", batch == null ? meta : meta.with(InputRequest.BATCH_META, batch));
    }

    private Response await(Asked a, long deadline) throws InterruptedException {
        try {
            return a.outstanding().answer().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new McpException(ErrorCode.INTERNAL_ERROR, "The client did not answer " + a.method() + " within "
                    + timeout.toSeconds() + " s; the request was abandoned");
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            throw new McpException(ErrorCode.INTERNAL_ERROR, "The server stopped waiting for " + a.method());
        }
    }

    private static Object decode(Asked a, Response response) {
        if (response instanceof Response.Failure f) {
            throw new McpException(f.error().code(), "The client answered " + a.method() + " with an error: "
                    + f.error().message(), f.error().data());
        }
        JsonObject result = ((Response.Success) response).result();
        Class<?> type = switch (a.method()) {
            case Methods.ELICITATION_CREATE -> ElicitResult.class;
            case Methods.SAMPLING_CREATE_MESSAGE -> CreateMessageResult.class;
            case Methods.ROOTS_LIST -> ListRootsResult.class;
            default -> throw new IllegalStateException("unexpected input method " + a.method());
        };
        try {
            return Codec.decode(result, type);
        } catch (DecodeException e) {
            throw McpException.invalidParams("The client's answer to " + a.method() + " is malformed: " + e.getMessage());
        }
    }
}
