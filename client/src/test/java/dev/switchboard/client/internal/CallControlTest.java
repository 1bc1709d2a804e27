package dev.switchboard.client.internal;

import dev.switchboard.client.CancellationToken;
import dev.switchboard.client.McpClientException;
import dev.switchboard.client.McpClientException.Kind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallControlTest {
    static final URI ENDPOINT = URI.create("http://127.0.0.1:1/mcp");

    /** A timer the test fires by hand. */
    static final class ManualTimer implements Timer {
        final List<Runnable> tasks = new ArrayList<>();
        final List<Long> delays = new ArrayList<>();
        int cancelled;

        @Override
        public Runnable schedule(Runnable task, long delayNanos) {
            tasks.add(task);
            delays.add(delayNanos);
            return () -> cancelled++;
        }

        void fireLast() {
            tasks.getLast().run();
        }
    }

    @Test
    void theTimerStopsTheCallAndAbortsTheRequestInFlight() {
        ManualTimer timer = new ManualTimer();
        CallControl c = new CallControl(timer, Duration.ofSeconds(2), null, "tools/call", ENDPOINT);
        AtomicReference<Throwable> aborted = new AtomicReference<>();
        c.attach(aborted::set);
        timer.fireLast();
        assertThat(c.stopped()).isEqualTo(Kind.TIMEOUT);
        assertThat(aborted.get()).isNotNull();
        McpClientException e = c.failure(new IOException("aborted"));
        assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        assertThat(e.getMessage()).isEqualTo("tools/call to " + ENDPOINT + " did not complete within 2 s");
    }

    @Test
    void theTokenCancelsAndTheFirstReasonWins() {
        CancellationToken token = new CancellationToken();
        ManualTimer timer = new ManualTimer();
        CallControl c = new CallControl(timer, Duration.ofSeconds(1), token, "m", ENDPOINT);
        token.cancel();
        timer.fireLast();
        assertThat(c.stopped()).isEqualTo(Kind.CANCELLED);
        assertThatThrownBy(c::check).isInstanceOfSatisfying(McpClientException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
    }

    @Test
    void attachingToAStoppedCallAbortsAtOnce() {
        CallControl c = new CallControl(new ManualTimer(), Duration.ofSeconds(1), null, "m", ENDPOINT);
        c.stop(Kind.CLOSED);
        AtomicReference<Throwable> aborted = new AtomicReference<>();
        c.attach(aborted::set);
        assertThat(aborted.get()).isNotNull();
        assertThat(c.failure(null).kind()).isEqualTo(Kind.CLOSED);
    }

    @Test
    void aDetachedRequestIsNotAborted() {
        CallControl c = new CallControl(new ManualTimer(), Duration.ofSeconds(1), null, "m", ENDPOINT);
        AtomicReference<Throwable> aborted = new AtomicReference<>();
        c.attach(aborted::set).run();
        c.stop(Kind.CANCELLED);
        assertThat(aborted.get()).isNull();
    }

    @Test
    void pausingReschedulesWithWhatWasLeft() {
        ManualTimer timer = new ManualTimer();
        CallControl c = new CallControl(timer, Duration.ofSeconds(10), null, "m", ENDPOINT);
        c.pause();
        c.pause(); // nested pauses are one pause
        assertThat(timer.cancelled).isEqualTo(1);
        c.resume();
        assertThat(timer.delays).hasSize(2);
        assertThat(timer.delays.get(1)).isLessThanOrEqualTo(Duration.ofSeconds(10).toNanos()).isPositive();
        c.resume();
        assertThat(timer.delays).hasSize(2);
    }

    @Test
    void closingCancelsTheTimerAndForgetsTheToken() {
        CancellationToken token = new CancellationToken();
        ManualTimer timer = new ManualTimer();
        CallControl c = new CallControl(timer, Duration.ofSeconds(1), token, "m", ENDPOINT);
        c.close();
        token.cancel();
        assertThat(c.stopped()).isNull();
        assertThat(timer.cancelled).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionNamesTheEndpoint() {
        CallControl c = new CallControl(new ManualTimer(), Duration.ofSeconds(1), null, "m", ENDPOINT);
        McpClientException e = c.failure(new IOException("wrapped", new ConnectException("Connection refused")));
        assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
        assertThat(e.getMessage()).isEqualTo("Cannot connect to " + ENDPOINT + ": Connection refused");
    }

    @Test
    void otherIoFailuresAreTransportFailures() {
        CallControl c = new CallControl(new ManualTimer(), Duration.ofMillis(1500), null, "tools/list", ENDPOINT);
        McpClientException e = c.failure(new IOException("connection reset"));
        assertThat(e.kind()).isEqualTo(Kind.TRANSPORT);
        assertThat(e.getMessage()).isEqualTo("tools/list to " + ENDPOINT + " failed: connection reset");
        assertThat(CallControl.describe(Duration.ofMillis(1500))).isEqualTo("1500 ms");
    }

    @Test
    void anInterruptIsACancellationThatKeepsTheFlag() {
        CallControl c = new CallControl(new ManualTimer(), Duration.ofSeconds(1), null, "m", ENDPOINT);
        try {
            assertThat(c.failure(new InterruptedException()).kind()).isEqualTo(Kind.CANCELLED);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void checkNoticesAnInterruptedThread() {
        CallControl c = new CallControl(new ManualTimer(), Duration.ofSeconds(1), null, "m", ENDPOINT);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(c::check).isInstanceOfSatisfying(McpClientException.class,
                    e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void stoppingAbortsEveryRequestStillAttached() {
        CallControl c = new CallControl(new ManualTimer(), Duration.ofSeconds(1), null, "m", ENDPOINT);
        AtomicReference<Throwable> stream = new AtomicReference<>();
        AtomicReference<Throwable> answer = new AtomicReference<>();
        c.attach(stream::set);
        c.attach(answer::set).run(); // the answer POST finished; the call's stream is still open
        c.stop(Kind.TIMEOUT);
        assertThat(stream.get()).isNotNull();
        assertThat(answer.get()).isNull();
    }
}
