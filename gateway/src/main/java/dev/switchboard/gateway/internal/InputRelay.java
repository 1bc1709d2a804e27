package dev.switchboard.gateway.internal;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.CancellationToken;
import dev.switchboard.client.InputRound;
import dev.switchboard.client.McpClient;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.server.InputResponses;
import dev.switchboard.server.Outcome;
import dev.switchboard.server.RequestContext;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Era bridging of input requests for forwarded {@code tools/call}, {@code prompts/get} and
 * {@code resources/read}: whatever the upstream's era, an upstream that needs input becomes an
 * {@link Outcome.InputRequired} of the forwarding handler, which the server turns into an
 * {@code InputRequiredResult} (2026-07-28 client) or server-to-client requests (session-era
 * client). The gateway's state rides inside the server's sealed {@code requestState}
 * ({@link RelayState}).
 *
 * <ul>
 *   <li><b>2026-07-28 upstream</b>: its {@code InputRequiredResult} is relayed with its keys, its
 *       {@code requestState} kept in ours; the retry sends the client's answers up as
 *       {@code inputResponses} with that {@code requestState}. Nothing stays in memory between
 *       rounds, so a retry may reach any gateway instance.
 *   <li><b>Session-era upstream</b>: it asks with a server-to-client request on the call's stream,
 *       so the call must stay in flight: it runs as a {@link ParkedCall} on this instance, and the
 *       retry's answer is handed to it. The state names this instance; a retry arriving at another
 *       instance fails with a clear error (routing it over the event bus is not built yet).
 * </ul>
 *
 * At most {@value #MAX_ROUNDS} input rounds per request, the client's own default, so that an
 * upstream asking forever ends with an error rather than an endless conversation. Thread-safe.
 */
public final class InputRelay implements AutoCloseable {
    static final int MAX_ROUNDS = 8;
    /** Grace beyond an upstream's own timeouts before a round gives up waiting for its parked call. */
    private static final Duration STEP_GRACE = Duration.ofSeconds(5);

    /** One round of the forwarded request, as sent to the upstream's client. */
    @FunctionalInterface
    public interface Sender<R> {
        /**
         * @param inputResponses the client's answers to relay (null on the first round)
         * @param requestState   the upstream's own {@code requestState} to echo, or null
         */
        InputRound<R> send(McpClient client, Map<String, Json> inputResponses, String requestState, CallOptions options);
    }

    private final String instance;
    private final Duration inputTimeout;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ParkedCall<?>> parked = new ConcurrentHashMap<>();

    /**
     * @param instance     this gateway instance's id (the server's), named in parked calls' state
     * @param inputTimeout how long a parked call waits for the client's answer
     */
    public InputRelay(String instance, Duration inputTimeout) {
        this.instance = instance;
        this.inputTimeout = inputTimeout;
    }

    /**
     * One round of a forwarded request: the first ({@code state} null) or a retry carrying the
     * client's {@code responses} to what the previous round asked.
     *
     * @throws McpException as {@link Upstream#call}, or {@link ErrorCode#UPSTREAM_FAILED} when the
     *                      upstream asks for input too often or a parked call cannot be resumed
     */
    public <R> Outcome<R> forward(Upstream up, String what, Sender<R> sender, InputResponses responses,
                                  JsonObject state, RequestContext ctx) {
        return switch (RelayState.of(state)) {
            case RelayState.Fresh f -> up.sessionEra() ? park(up, what, sender, ctx)
                    : direct(up, what, sender, null, null, 0, ctx);
            case RelayState.Retry r -> direct(up, what, sender, encode(responses), r.upstreamState(), r.round(), ctx);
            case RelayState.Parked p -> resume(up, what, p, responses, ctx);
        };
    }

    private <R> Outcome<R> direct(Upstream up, String what, Sender<R> sender, Map<String, Json> answers,
                                  String upstreamState, int round, RequestContext ctx) {
        CallOptions options = options(ctx, new CancellationToken());
        return outcome(up, what, up.call(what, c -> sender.send(c, answers, upstreamState, options)), round);
    }

    private <R> Outcome<R> outcome(Upstream up, String what, InputRound<R> result, int round) {
        return switch (result) {
            case InputRound.Complete<R> c -> Outcome.complete(c.result());
            case InputRound.InputRequired<R> ir -> {
                int next = checkRound(up, what, round + 1);
                Map<String, InputRequest> requests = ir.needed().inputRequests();
                yield Outcome.inputRequired(requests == null ? Map.of() : requests,
                        new RelayState.Retry(ir.needed().requestState(), next).toJson());
            }
        };
    }

    private <R> Outcome<R> park(Upstream up, String what, Sender<R> sender, RequestContext ctx) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        ParkedCall<R> call = new ParkedCall<>(id, inputTimeout, () -> parked.remove(id));
        parked.put(id, call);
        call.round(ctx);
        // cancellation comes from each round's wait (await), progress goes to the round waiting now
        CallOptions options = CallOptions.builder().cancellation(call.cancellation())
                .onProgress(p -> call.round().progress(p.progress(), p.total(), p.message())).build();
        call.start(() -> up.call(what, c -> sender.send(c, null, null, options)));
        return await(up, what, call, 0, ctx);
    }

    private <R> Outcome<R> resume(Upstream up, String what, RelayState.Parked p, InputResponses responses,
                                  RequestContext ctx) {
        if (!p.instance().equals(instance)) {
            throw error(up, "The answer to " + what + " reached gateway instance " + instance + ", but the upstream "
                    + "request waiting for it is held by instance " + p.instance() + " (a session-era upstream's "
                    + "request stays on the instance that started it). Route retries of one request to the same "
                    + "instance, or call again.");
        }
        @SuppressWarnings("unchecked") // the sealed state binds the id to this method and params, so to this R
        ParkedCall<R> call = (ParkedCall<R>) parked.get(p.id());
        InputRequest question = call == null ? null : call.pending();
        if (call == null || call.abandoned() || question == null) {
            throw error(up, "The upstream request of " + what + " that asked for this answer is no longer waiting: "
                    + "it waits " + inputTimeout.toMillis() + " ms for an answer, and ends when answered, cancelled or "
                    + "when its gateway instance stops. Call again.");
        }
        Object answer = responses.answers().get(p.key());
        if (answer == null) {
            return Outcome.inputRequired(p.key(), question, p.toJson()); // not answered: ask again, as MRTR says
        }
        if (!call.answer(question, answer)) {
            throw error(up, "This answer to " + what + " was already given (the same retry arrived twice)");
        }
        return await(up, what, call, p.round(), ctx);
    }

    /** Waits for what the parked call does next and turns it into this round's outcome. */
    private <R> Outcome<R> await(Upstream up, String what, ParkedCall<R> call, int round, RequestContext ctx) {
        call.round(ctx);
        AtomicBoolean waiting = new AtomicBoolean(true);
        ctx.cancellation().onCancel(() -> {
            if (waiting.get()) {
                call.cancel(); // the client gave up this round: end the upstream request too
            }
        });
        ParkedCall.Step<R> step;
        try {
            step = call.next(up.config().queueTimeout().plus(up.config().requestTimeout()).plus(STEP_GRACE));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel();
            throw new CancellationException(what + " cancelled");
        } finally {
            waiting.set(false);
        }
        return switch (step) {
            case null -> {
                call.cancel();
                throw new McpException(ErrorCode.UPSTREAM_TIMEOUT, "Upstream " + up.config().name() + " did not answer "
                        + what + " in time", JsonObject.of("upstream", Json.of(up.config().name())));
            }
            case ParkedCall.Finished<R> f -> outcome(up, what, f.result(), round);
            case ParkedCall.Failed<R> f -> throw f.error();
            case ParkedCall.Asked<R> a -> {
                int next;
                try {
                    next = checkRound(up, what, round + 1);
                } catch (McpException e) {
                    call.cancel();
                    throw e;
                }
                String key = "input_" + next;
                yield Outcome.inputRequired(key, a.request(), new RelayState.Parked(instance, call.id(), key, next).toJson());
            }
        };
    }

    private static int checkRound(Upstream up, String what, int round) {
        if (round > MAX_ROUNDS) {
            throw error(up, "Upstream " + up.config().name() + " asked for input more than " + MAX_ROUNDS
                    + " times during " + what + "; giving up");
        }
        return round;
    }

    /** The client's answers as the upstream's {@code inputResponses}, same keys. */
    private static Map<String, Json> encode(InputResponses responses) {
        Map<String, Json> out = new LinkedHashMap<>();
        responses.answers().forEach((k, v) -> out.put(k, Codec.encode(v)));
        return out;
    }

    /** The round's cancellation and progress, carried to the upstream request. */
    private static CallOptions options(RequestContext ctx, CancellationToken token) {
        ctx.cancellation().onCancel(token::cancel);
        return CallOptions.builder()
                .cancellation(token)
                .onProgress(p -> ctx.progress(p.progress(), p.total(), p.message()))
                .build();
    }

    private static McpException error(Upstream up, String message) {
        return new McpException(ErrorCode.UPSTREAM_FAILED, message, JsonObject.of("upstream", Json.of(up.config().name())));
    }

    /** Parked calls in flight on this instance (tests, metrics). */
    public int parkedCount() {
        return parked.size();
    }

    /** Ends every parked call (the gateway is stopping). */
    @Override
    public void close() {
        parked.values().forEach(ParkedCall::cancel);
    }
}
