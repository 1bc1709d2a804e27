package dev.switchboard.server.session;

import dev.switchboard.protocol.codec.JsonRpcCodec;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.Message;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.jsonrpc.Response;
import dev.switchboard.state.bus.EventBus;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Routes the client's answers to server-to-client requests (session era) back to the instance
 * that sent them. The request id names its instance ({@code sb.<instance>.<n>}); an answer POSTed
 * to any instance is delivered locally or forwarded over the {@link EventBus} to the owner, which
 * accepts it only for the session that was asked.
 */
public final class ReplyRouter implements AutoCloseable {
    private static final String TOPIC_PREFIX = "mcp.replies.";

    /** What became of an answer. */
    public enum Delivery {
        /** This instance was waiting for it; the waiter has it. */
        DELIVERED,
        /** Another instance asked; the answer was sent on to it. */
        FORWARDED,
        /** Nobody asked this session that question (unknown, foreign or stale id). */
        UNKNOWN
    }

    private record Pending(String session, CompletableFuture<Response> answer) {
    }

    private final EventBus bus;
    private final String instance;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final EventBus.Subscription subscription;

    /** A router on {@code bus} for a fresh, random instance id. */
    public ReplyRouter(EventBus bus) {
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        this.bus = bus;
        this.instance = HexFormat.of().formatHex(b);
        this.subscription = bus.subscribe(TOPIC_PREFIX + instance, this::onForwarded);
    }

    /** This instance's id. */
    public String instance() {
        return instance;
    }

    /** A new request id owned by this instance, awaited for {@code session}. */
    public Outstanding ask(String session) {
        String id = "sb." + instance + "." + sequence.incrementAndGet();
        CompletableFuture<Response> answer = new CompletableFuture<>();
        pending.put(id, new Pending(session, answer));
        return new Outstanding(RequestId.of(id), answer);
    }

    /** A question in flight: its id and the future answer. Close it when done waiting. */
    public final class Outstanding implements AutoCloseable {
        private final RequestId id;
        private final CompletableFuture<Response> answer;

        private Outstanding(RequestId id, CompletableFuture<Response> answer) {
            this.id = id;
            this.answer = answer;
        }

        /** The request id to send. */
        public RequestId id() {
            return id;
        }

        /** Completes with the client's response. */
        public CompletableFuture<Response> answer() {
            return answer;
        }

        @Override
        public void close() {
            pending.remove(((RequestId.Text) id).value());
        }
    }

    /** Hands an answer that arrived on this instance to whoever asked. */
    public Delivery deliver(String session, Response response) {
        if (!(response.id() instanceof RequestId.Text text)) {
            return Delivery.UNKNOWN;
        }
        String[] parts = text.value().split("\\.");
        if (parts.length != 3 || !parts[0].equals("sb")) {
            return Delivery.UNKNOWN;
        }
        if (parts[1].equals(instance)) {
            return complete(session, text.value(), response) ? Delivery.DELIVERED : Delivery.UNKNOWN;
        }
        bus.publish(TOPIC_PREFIX + parts[1], JsonObject.of("s", Json.of(session), "r", JsonRpcCodec.encode(response)));
        return Delivery.FORWARDED;
    }

    private boolean complete(String session, String id, Response response) {
        Pending p = pending.get(id);
        if (p == null || !p.session().equals(session)) {
            return false; // another session's question is never answered by this one
        }
        return p.answer().complete(response);
    }

    private void onForwarded(JsonObject event) {
        String session = event.getString("s");
        Message m;
        try {
            m = JsonRpcCodec.decode(event.get("r"));
        } catch (RuntimeException e) {
            return;
        }
        if (session != null && m instanceof Response r && r.id() instanceof RequestId.Text t) {
            complete(session, t.value(), r);
        }
    }

    /** Number of questions in flight (tests, metrics). */
    public int pendingCount() {
        return pending.size();
    }

    @Override
    public void close() {
        subscription.close();
        pending.values().forEach(p -> p.answer().cancel(false));
        pending.clear();
    }
}
