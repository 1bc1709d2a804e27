package dev.switchboard.gateway.internal;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.InputRound;
import dev.switchboard.client.McpClient;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.sampling.CreateMessageResult;
import dev.switchboard.server.InputResponses;
import dev.switchboard.server.Outcome;
import dev.switchboard.server.RequestContext;
import dev.switchboard.state.bus.EventBus;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
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
 *       instance is routed here over the event bus ({@link ParkedRouter}), this instance runs the
 *       round and sends its outcome back, so the client sees no difference.
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

    /** A parked call with what its rounds need to report errors, found by id. */
    private record Held<R>(ParkedCall<R> call, Upstream up, String what) {
    }

    private final String instance;
    private final Duration inputTimeout;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Held<?>> parked = new ConcurrentHashMap<>();
    private final ParkedRouter router;

    /**
     * @param instance     this gateway instance's id (the server's), named in parked calls' state;
     *                     unique among the instances sharing {@code bus}
     * @param bus          the bus shared by the gateway's instances (the server's), over which a
     *                     retry reaching another instance is routed to the one holding its call
     * @param inputTimeout how long a parked call waits for the client's answer
     */
    public InputRelay(String instance, EventBus bus, Duration inputTimeout) {
        this.instance = instance;
        this.inputTimeout = inputTimeout;
        this.router = new ParkedRouter(bus, instance, new ParkedRouter.Owner() {
            @Override
            public ParkedMessage.Reply serve(ParkedMessage.Answer answer) {
                return serveRouted(answer);
            }

            @Override
            public void cancel(String id) {
                Held<?> h = parked.get(id);
                if (h != null) {
                    h.call().cancel();
                }
            }
        });
    }

    /**
     * One round of a forwarded request: the first ({@code state} null) or a retry carrying the
     * client's {@code responses} to what the previous round asked.
     *
     * @param type the result's type, to decode a result that another instance sent back
     *
     * @throws McpException as {@link Upstream#call}, or {@link ErrorCode#UPSTREAM_FAILED} when the
     *                      upstream asks for input too often or a parked call cannot be resumed
     */
    public <R> Outcome<R> forward(Upstream up, String what, Class<R> type, Sender<R> sender, InputResponses responses,
                                  JsonObject state, RequestContext ctx) {
        return switch (RelayState.of(state)) {
            // a session-era upstream asks during the call, so the call is held where it runs, unless
            // the caller can answer nothing: its client declares nothing for the upstream to ask
            case RelayState.Fresh f when up.sessionEra() && up.mayAsk(ctx.clientCapabilities()) ->
                    park(up, what, sender, responses, ctx);
            case RelayState.Parked p -> p.instance().equals(instance) ? resume(up, what, p, responses, ctx)
                    : routed(up, what, type, p, responses, ctx);
            default -> stateless(up, what, sender, responses, state, ctx);
        };
    }

    /**
     * One round of a forwarded request to a 2026-07-28 upstream, which keeps nothing between
     * rounds, so no relay instance is involved: {@link #forward} for such an upstream, for a caller
     * that has none ({@link TaskForwarding}, for the input a task tool needs before its task exists).
     *
     * @throws McpException as {@link #forward}; {@link ErrorCode#UPSTREAM_FAILED} for the state of
     *                      a call parked for a session-era upstream (the upstream's era changed)
     */
    static <R> Outcome<R> stateless(Upstream up, String what, Sender<R> sender, InputResponses responses,
                                    JsonObject state, RequestContext ctx) {
        return switch (RelayState.of(state)) {
            case RelayState.Fresh f -> direct(up, what, sender, responses.isEmpty() ? null : encode(responses), null, 0, ctx);
            case RelayState.Retry r -> direct(up, what, sender, encode(responses), r.upstreamState(), r.round(), ctx);
            case RelayState.Parked p -> throw error(up, "This answer to " + what + " belongs to a call the gateway held "
                    + "for upstream " + up.config().name() + " while it spoke the session era; it is no longer waiting. "
                    + "Call again.");
        };
    }

    private static <R> Outcome<R> direct(Upstream up, String what, Sender<R> sender, Map<String, Json> answers,
                                         String upstreamState, int round, RequestContext ctx) {
        CallOptions options = CallerChannels.of(ctx);
        return outcome(up, what, up.call(what, ctx.clientCapabilities(), c -> sender.send(c, answers, upstreamState, options)), round);
    }

    private static <R> Outcome<R> outcome(Upstream up, String what, InputRound<R> result, int round) {
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

    /**
     * Starts a forwarded request to a session-era upstream on its own thread; answers that came
     * with the first round ({@code given}) answer the upstream's questions with the same keys.
     */
    private <R> Outcome<R> park(Upstream up, String what, Sender<R> sender, InputResponses given, RequestContext ctx) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        ParkedCall<R> call = new ParkedCall<>(id, inputTimeout, () -> parked.remove(id));
        parked.put(id, new Held<>(call, up, what));
        call.round(ctx);
        // cancellation comes from each round's wait (await), progress and logs go to the round
        // waiting here now (none while another instance's round waits: those are dropped)
        CallOptions options = CallerChannels.builder(call::round, ctx.logLevel())
                .cancellation(call.cancellation()).build();
        call.start(() -> up.call(what, ctx.clientCapabilities(), c -> sender.send(c, null, null, options)));
        return await(up, what, call, 0, given, ctx);
    }

    private <R> Outcome<R> resume(Upstream up, String what, RelayState.Parked p, InputResponses responses,
                                  RequestContext ctx) {
        @SuppressWarnings("unchecked") // the sealed state binds the id to this method and params, so to this R
        Held<R> held = (Held<R>) parked.get(p.id());
        if (!resumable(held)) {
            throw notWaiting(up, what);
        }
        return answer(held, p, responses.answers(), ctx);
    }

    /** False when there is no such call any more, or it stopped waiting for answers. */
    private static boolean resumable(Held<?> held) {
        return held != null && !held.call().abandoned();
    }

    /**
     * Hands the client's answers to the questions of round {@code p} to the parked call and returns
     * what it does next; questions left unanswered are asked again, as MRTR says. {@code ctx} is
     * null for a round routed here from another instance.
     */
    private <R> Outcome<R> answer(Held<R> held, RelayState.Parked p, Map<String, Object> answers, RequestContext ctx) {
        ParkedCall<R> call = held.call();
        Map<String, InputRequest> open = new LinkedHashMap<>();
        if (call.isAsking(p.round())) {
            for (String key : p.keys()) {
                InputRequest question = call.waiting(key);
                if (question != null) {
                    open.put(key, question);
                }
            }
        }
        // nothing of that round waits any more (answered, or a later round asks): a copy of a served retry
        if (open.isEmpty()) {
            throw error(held.up(), "This answer to " + held.what() + " was already given (the same retry arrived twice)");
        }
        Map<String, InputRequest> unanswered = new LinkedHashMap<>();
        open.forEach((key, question) -> {
            Object answer = answers.get(key);
            if (!fits(question, answer) || !call.answer(key, answer)) {
                unanswered.put(key, question);
            }
        });
        if (!unanswered.isEmpty()) {
            return relay(call, unanswered, p.round(), ctx);
        }
        return await(held.up(), held.what(), call, p.round(), InputResponses.NONE, ctx);
    }

    private McpException notWaiting(Upstream up, String what) {
        return error(up, "The upstream request of " + what + " that asked for this answer is no longer waiting: "
                + "it waits " + inputTimeout.toMillis() + " ms for an answer, and ends when answered, cancelled or "
                + "when its gateway instance stops. Call again.");
    }

    /**
     * A retry for a call parked on another instance: sends the answer there and turns its reply
     * into this round's outcome.
     */
    private <R> Outcome<R> routed(Upstream up, String what, Class<R> type, RelayState.Parked p,
                                  InputResponses responses, RequestContext ctx) {
        JsonObject.Builder answers = JsonObject.builder();
        for (String key : p.keys()) {
            Object answer = responses.answers().get(key);
            if (answer != null) {
                answers.put(key, Codec.encode(answer));
            }
        }
        // the holder waits up to stepTimeout for its upstream; allow as much again for the bus
        Duration wait = stepTimeout(up).plus(STEP_GRACE);
        ParkedMessage.Reply reply;
        try {
            reply = router.route(p.instance(), p.id(), p.keys(), p.round(), answers.build(), p.confirms(), wait,
                    ctx.cancellation());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException(what + " cancelled");
        }
        return switch (reply) {
            case null -> throw error(up, "The gateway instance holding this request is gone: the upstream request of "
                    + what + " waits on instance " + p.instance() + ", which did not " + (p.confirms()
                    ? "confirm receiving this retry within " + ParkedRouter.RECEIPT_WAIT.toMillis() + " ms (or answer it within "
                    + wait.toMillis() + " ms)" : "answer within " + wait.toMillis() + " ms") + ". Call again.");
            case ParkedMessage.Done d -> Outcome.complete(Codec.decode(d.result(), type));
            case ParkedMessage.Asked a -> Outcome.inputRequired(a.requests(), a.state());
            case ParkedMessage.NotWaiting n -> throw notWaiting(up, what);
            case ParkedMessage.Failed f -> throw new McpException(f.code(), f.message(), f.data());
        };
    }

    /** On the holder: runs a round routed here from another instance, as for a local retry. */
    private ParkedMessage.Reply serveRouted(ParkedMessage.Answer a) {
        Held<?> held = parked.get(a.id());
        if (!resumable(held)) {
            return new ParkedMessage.NotWaiting(a.exchange());
        }
        try {
            // each decoded by what was asked; a stale copy is refused by answer() without decoding it
            Map<String, Object> answers = new LinkedHashMap<>();
            for (String key : a.keys()) {
                InputRequest question = held.call().waiting(key);
                Json answer = a.answers().get(key);
                if (question != null && answer != null && held.call().isAsking(a.round())) {
                    answers.put(key, decodeAnswer(question, answer));
                }
            }
            var p = new RelayState.Parked(instance, a.id(), a.keys(), a.round(), true);
            return switch (answer(held, p, answers, null)) {
                case Outcome.Complete<?> c -> new ParkedMessage.Done(a.exchange(), Codec.encode(c.result()));
                case Outcome.InputRequired<?> ir -> new ParkedMessage.Asked(a.exchange(), ir.requests(), ir.state());
            };
        } catch (McpException e) {
            return new ParkedMessage.Failed(a.exchange(), e.code(), e.getMessage(), e.data());
        } catch (RuntimeException e) {
            return new ParkedMessage.Failed(a.exchange(), ErrorCode.INTERNAL_ERROR, "Gateway instance " + instance
                    + " failed to resume " + held.what() + ": " + e, null);
        }
    }

    /** True when {@code answer} is the kind of result {@code question} asks for. */
    private static boolean fits(InputRequest question, Object answer) {
        return switch (question.method()) {
            case Methods.ELICITATION_CREATE -> answer instanceof ElicitResult;
            case Methods.SAMPLING_CREATE_MESSAGE -> answer instanceof CreateMessageResult;
            case Methods.ROOTS_LIST -> answer instanceof ListRootsResult;
            default -> false;
        };
    }

    /** The client's answer, checked by the instance that received it, decoded by what was asked. */
    private static Object decodeAnswer(InputRequest question, Json answer) {
        return switch (question.method()) {
            case Methods.ELICITATION_CREATE -> Codec.decode(answer, ElicitResult.class, "inputResponses");
            case Methods.SAMPLING_CREATE_MESSAGE -> Codec.decode(answer, CreateMessageResult.class, "inputResponses");
            case Methods.ROOTS_LIST -> Codec.decode(answer, ListRootsResult.class, "inputResponses");
            default -> throw new IllegalStateException("a parked call asked " + question.method()
                    + ", which no upstream client handler asks");
        };
    }

    /** How long a round waits for its parked call's next step: the upstream's own bounds plus grace. */
    private static Duration stepTimeout(Upstream up) {
        return up.config().queueTimeout().plus(up.config().requestTimeout()).plus(STEP_GRACE);
    }

    /**
     * Waits for what the parked call does next and turns it into this round's outcome. {@code ctx}
     * is null for a round routed from another instance: its cancellation arrives as a message.
     */
    private <R> Outcome<R> await(Upstream up, String what, ParkedCall<R> call, int round, InputResponses given,
                                 RequestContext ctx) {
        call.round(ctx);
        AtomicBoolean waiting = new AtomicBoolean(true);
        if (ctx != null) {
            ctx.cancellation().onCancel(() -> {
                if (waiting.get()) {
                    call.cancel(); // the client gave up this round: end the upstream request too
                }
            });
        }
        ParkedCall.Step<R> step;
        try {
            step = call.next(stepTimeout(up));
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
                call.asked(next);
                Map<String, InputRequest> open = new LinkedHashMap<>();
                a.requests().forEach((key, question) -> { // answers the first round carried answer at once
                    Object answer = given.answers().get(key);
                    if (!fits(question, answer) || !call.answer(key, answer)) {
                        open.put(key, question);
                    }
                });
                if (open.isEmpty()) {
                    yield await(up, what, call, next, InputResponses.NONE, ctx);
                }
                yield relay(call, open, next, ctx);
            }
        };
    }

    /**
     * The parked call's {@code questions} of input round {@code round} as this round's outcome. A
     * caller that lacks a capability they need gets -32021 from the server; the call is ended
     * first, since no retry of that caller can answer it ({@code ctx} null: a routed round, whose
     * own instance checks).
     */
    private <R> Outcome<R> relay(ParkedCall<R> call, Map<String, InputRequest> questions, int round, RequestContext ctx) {
        if (ctx != null && !questions.values().stream().allMatch(q -> q.allowedBy(ctx.clientCapabilities()))) {
            call.cancel();
        }
        return Outcome.inputRequired(questions,
                new RelayState.Parked(instance, call.id(), List.copyOf(questions.keySet()), round, true).toJson());
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

    private static McpException error(Upstream up, String message) {
        return new McpException(ErrorCode.UPSTREAM_FAILED, message, JsonObject.of("upstream", Json.of(up.config().name())));
    }

    /** Parked calls in flight on this instance (tests, metrics). */
    public int parkedCount() {
        return parked.size();
    }

    /** Stops serving other instances and ends every parked call (the gateway is stopping). */
    @Override
    public void close() {
        router.close();
        parked.values().forEach(h -> h.call().cancel());
    }
}
