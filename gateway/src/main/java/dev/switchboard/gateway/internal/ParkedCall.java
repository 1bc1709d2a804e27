package dev.switchboard.gateway.internal;

import dev.switchboard.client.CancellationToken;
import dev.switchboard.client.InputRound;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.server.RequestContext;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One forwarded request to a session-era upstream, run on its own thread so that it can stay in
 * flight while the gateway's handler returns "input required" to its client: when the upstream
 * sends a server-to-client request (elicitation, sampling, roots) on the call's stream, the
 * upstream client's input handler, running on this call's thread, {@linkplain #ask parks} it
 * until the client's answer is {@linkplain #answer handed over} by a later round (or the wait
 * times out). The forwarding handler of each round reads what happened next with {@link #next}.
 *
 * @param <R> the method's result type
 */
final class ParkedCall<R> {
    /** The parked call whose upstream request runs on this thread, if any. */
    private static final ThreadLocal<ParkedCall<?>> CURRENT = new ThreadLocal<>();

    /** What the upstream call did next, as the forwarding handler sees it. */
    sealed interface Step<R> {
    }

    /** The upstream asked for input; the call waits for the answer. */
    record Asked<R>(InputRequest request) implements Step<R> {
    }

    /** The upstream call ended with a result. */
    record Finished<R>(InputRound<R> result) implements Step<R> {
    }

    /** The upstream call failed (already translated into the gateway's error). */
    record Failed<R>(RuntimeException error) implements Step<R> {
    }

    private final String id;
    private final Duration inputTimeout;
    private final CancellationToken cancellation = new CancellationToken();
    private final BlockingQueue<Step<R>> steps = new LinkedBlockingQueue<>();
    private final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    private final Runnable onEnd;
    private final AtomicReference<InputRequest> pending = new AtomicReference<>();
    private volatile RequestContext round;
    private volatile Asking asking;
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

    /** True once it stopped waiting for an answer (timed out or cancelled): it cannot be resumed. */
    boolean abandoned() {
        return abandoned;
    }

    /** The question waiting for its answer, or null. */
    InputRequest pending() {
        return pending.get();
    }

    /**
     * True when the waiting question was relayed to the client under {@code key} in round
     * {@code round}; a retry answering an earlier round is a copy of a retry already served.
     */
    boolean isAsking(String key, int round) {
        Asking a = asking;
        return a != null && a.key().equals(key) && a.round() == round;
    }

    /** Records the key and round under which the waiting question is relayed. */
    void asked(String key, int round) {
        this.asking = new Asking(key, round);
    }

    private record Asking(String key, int round) {
    }

    /** The request of the round now waiting on this call (it receives the upstream's progress). */
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
     * Hands the client's answer to {@code question}, once.
     *
     * @return false when that question is no longer the one waiting (already answered)
     */
    boolean answer(InputRequest question, Object answer) {
        if (!pending.compareAndSet(question, null)) {
            return false;
        }
        answers.add(answer);
        return true;
    }

    /** Ends the upstream call (it fails as cancelled) and stops waiting for an answer. */
    void cancel() {
        abandoned = true;
        cancellation.cancel();
        answers.add(Cancelled.INSTANCE);
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
        pending.set(request);
        steps.add(new Asked<>(request));
        Object answer = answers.poll(inputTimeout.toMillis(), TimeUnit.MILLISECONDS);
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
}
