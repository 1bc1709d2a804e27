package dev.switchboard.gateway.internal;

import dev.switchboard.client.CancellationToken;
import dev.switchboard.client.InputRound;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.server.RequestContext;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One forwarded request to a session-era upstream, run on its own thread so that it can stay in
 * flight while the gateway's handler returns "input required" to its client: when the upstream
 * sends server-to-client requests (elicitation, sampling, roots) on the call's stream, the
 * upstream client's input handlers (each on a thread started from this call's thread) {@linkplain
 * #ask park} them until the client's answers are {@linkplain #answer handed over} by a later
 * round (or the wait times out). The forwarding handler of each round reads what happened next
 * with {@link #next}.
 *
 * <p>Questions the upstream sends together are announced together: a Switchboard upstream names
 * the keys of a batch ({@link InputRequest#BATCH_META}), and the batch is announced once all of
 * them arrived (or after {@link #BATCH_WAIT}); any other question is announced as it arrives.
 *
 * @param <R> the method's result type
 */
final class ParkedCall<R> {
    /** How long a named batch waits for its missing questions before the ones there are announced. */
    static final Duration BATCH_WAIT = Duration.ofSeconds(1);
    /** The parked call whose upstream request runs on this thread (or the thread that started it). */
    private static final InheritableThreadLocal<ParkedCall<?>> CURRENT = new InheritableThreadLocal<>();

    /** What the upstream call did next, as the forwarding handler sees it. */
    sealed interface Step<R> {
    }

    /** The upstream asked for input, by key; the call waits for the answers. */
    record Asked<R>(Map<String, InputRequest> requests) implements Step<R> {
    }

    /** The upstream call ended with a result. */
    record Finished<R>(InputRound<R> result) implements Step<R> {
    }

    /** The upstream call failed (already translated into the gateway's error). */
    record Failed<R>(RuntimeException error) implements Step<R> {
    }

    /** A question waiting for its answer. */
    private record Question(String key, InputRequest request, CompletableFuture<Object> answer) {
    }

    private final String id;
    private final Duration inputTimeout;
    private final CancellationToken cancellation = new CancellationToken();
    private final BlockingQueue<Step<R>> steps = new LinkedBlockingQueue<>();
    private final Runnable onEnd;
    private final Object lock = new Object();
    private final Map<String, Question> waiting = new LinkedHashMap<>();
    private final Map<String, Question> unannounced = new LinkedHashMap<>();
    private int asked;
    private volatile RequestContext round;
    private volatile int askedRound = -1;
    private volatile boolean abandoned;

    /**
     * @param inputTimeout how long a question waits for the client's answer
     * @param onEnd        called once the upstream call is over or gave up waiting (to unregister it)
     */
    ParkedCall(String id, Duration inputTimeout, Runnable onEnd) {
        this.id = id;
        this.inputTimeout = inputTimeout;
        this.onEnd = onEnd;
    }

    String id() {
        return id;
    }

    /** Cancels the upstream call when the token is cancelled; pass it in the call's options. */
    CancellationToken cancellation() {
        return cancellation;
    }

    /** True once it stopped waiting for answers (timed out or cancelled): it cannot be resumed. */
    boolean abandoned() {
        return abandoned;
    }

    /** The question waiting under {@code key}, or null when none is (answered, or never asked). */
    InputRequest waiting(String key) {
        synchronized (lock) {
            Question q = waiting.get(key);
            return q == null ? null : q.request();
        }
    }

    /**
     * True when the questions of input round {@code round} are the ones relayed last; a retry
     * answering an earlier round is a copy of a retry already served.
     */
    boolean isAsking(int round) {
        return askedRound == round;
    }

    /** Records that the questions just announced were relayed to the client in input round {@code round}. */
    void asked(int round) {
        this.askedRound = round;
    }

    /** The request of the round now waiting on this call (it receives the upstream's progress and logs). */
    RequestContext round() {
        return round;
    }

    void round(RequestContext ctx) {
        this.round = ctx;
    }

    /** Runs {@code call} on a new virtual thread, reporting its end as a {@link Step}. */
    void start(Supplier<InputRound<R>> call) {
        Thread.ofVirtual().name("gateway-parked-" + id).start(() -> {
            Step<R> last;
            CURRENT.set(this);
            try {
                last = new Finished<>(call.get());
            } catch (RuntimeException e) {
                last = new Failed<>(e);
            } finally {
                CURRENT.remove();
                onEnd.run();
            }
            // reported only once the call left the registry: a copy of the retry that arrives after
            // its round returned must find the call gone ("no longer waiting"), not still there
            steps.add(last);
        });
    }

    /**
     * Waits for what the upstream call does next.
     *
     * @return the step, or null when nothing happened within {@code timeout}
     */
    Step<R> next(Duration timeout) throws InterruptedException {
        return steps.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Hands the client's answer to the question waiting under {@code key}, once.
     *
     * @return false when no question waits under that key (already answered, or never asked)
     */
    boolean answer(String key, Object answer) {
        Question q;
        synchronized (lock) {
            q = waiting.remove(key);
        }
        return q != null && q.answer().complete(answer);
    }

    /** Ends the upstream call (it fails as cancelled) and stops waiting for answers. */
    void cancel() {
        abandoned = true;
        cancellation.cancel();
        List<Question> all;
        synchronized (lock) {
            all = new ArrayList<>(waiting.values());
            waiting.clear();
        }
        all.forEach(q -> q.answer().complete(Cancelled.INSTANCE));
    }

    private enum Cancelled { INSTANCE }

    /**
     * Called by the upstream client's input handler: parks the current forwarded call until the
     * client answers {@code request}, and returns the answer.
     *
     * @throws IllegalStateException when the request came outside any forwarded call (e.g. on a
     *                               session's own GET stream), was not answered in time, or was
     *                               answered with the wrong kind of result; the upstream gets a
     *                               JSON-RPC error carrying the message
     */
    static <T> T ask(InputRequest request, Class<T> type) throws InterruptedException {
        ParkedCall<?> call = CURRENT.get();
        if (call == null) {
            throw new IllegalStateException("this gateway relays " + request.method()
                    + " only during a forwarded request, not on its own");
        }
        return call.park(request, type);
    }

    private <T> T park(InputRequest request, Class<T> type) throws InterruptedException {
        Question q;
        boolean complete;
        synchronized (lock) {
            asked++;
            String key = keyFor(request);
            q = new Question(key, request, new CompletableFuture<>());
            waiting.put(key, q);
            unannounced.put(key, q);
            List<String> batch = batchOf(request);
            complete = batch == null || unannounced.keySet().containsAll(batch);
            if (complete) {
                announce();
            }
        }
        if (!complete) { // the rest of the batch is on its way; announce what came if it does not
            Thread.ofVirtual().name("gateway-batch-" + id).start(() -> {
                try {
                    Thread.sleep(BATCH_WAIT);
                } catch (InterruptedException e) {
                    return;
                }
                synchronized (lock) {
                    if (unannounced.containsKey(q.key())) {
                        announce();
                    }
                }
            });
        }
        Object answer;
        try {
            answer = q.answer().get(inputTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer = null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the forwarded request was given up", e);
        }
        if (answer == null || answer == Cancelled.INSTANCE) {
            abandoned = true;
            cancellation.cancel(); // nobody will resume it: end the upstream call rather than leave it waiting
            throw new IllegalStateException(answer == null ? "the gateway's client did not answer " + request.method()
                    + " within " + inputTimeout.toMillis() + " ms" : "the forwarded request was given up");
        }
        if (!type.isInstance(answer)) {
            throw new IllegalStateException("the gateway's client answered " + request.method() + " with a "
                    + answer.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return type.cast(answer);
    }

    /** Reports the questions not yet announced as one step. Holds the lock. */
    private void announce() {
        Map<String, InputRequest> batch = new LinkedHashMap<>();
        unannounced.forEach((k, q) -> batch.put(k, q.request()));
        unannounced.clear();
        steps.add(new Asked<>(batch));
    }

    /**
     * The key to relay {@code request} under: the one a Switchboard upstream names
     * ({@link InputRequest#KEY_META}) unless a waiting question has it, else {@code input_<n>}
     * (n counting this call's questions). Holds the lock.
     */
    private String keyFor(InputRequest request) {
        JsonObject meta = request.meta();
        if (meta != null && meta.get(InputRequest.KEY_META) instanceof JsonString named && !named.value().isEmpty()
                && named.value().length() <= 128 && !waiting.containsKey(named.value())) {
            return named.value();
        }
        String key = "input_" + asked;
        while (waiting.containsKey(key)) {
            key = key + "_";
        }
        return key;
    }

    /** The keys of the batch {@code request} belongs to ({@link InputRequest#BATCH_META}), or null. */
    private static List<String> batchOf(InputRequest request) {
        JsonObject meta = request.meta();
        if (meta == null || !(meta.get(InputRequest.BATCH_META) instanceof JsonArray keys)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Json k : keys.values()) {
            if (!(k instanceof JsonString s)) {
                return null;
            }
            out.add(s.value());
        }
        return out;
    }
}
