package dev.switchboard.server;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The transport's cancellation signal. */
class CancellationSignalTest {
    private final CancellationSignal signal = new CancellationSignal();

    @Test
    void startsNotCancelled() {
        assertThat(signal.isCancelled()).isFalse();
        signal.throwIfCancelled();
    }

    @Test
    void cancelMarksItCancelled() {
        signal.cancel();
        assertThat(signal.isCancelled()).isTrue();
        assertThatThrownBy(signal::throwIfCancelled).isInstanceOf(CancellationException.class);
    }

    @Test
    void runsRegisteredActionsOnceInOrder() {
        List<String> ran = new CopyOnWriteArrayList<>();
        signal.onCancel(() -> ran.add("a"));
        signal.onCancel(() -> ran.add("b"));
        signal.cancel();
        signal.cancel();
        assertThat(ran).containsExactly("a", "b");
    }

    @Test
    void runsAnActionAtOnceWhenAlreadyCancelled() {
        signal.cancel();
        AtomicInteger ran = new AtomicInteger();
        signal.onCancel(ran::incrementAndGet);
        assertThat(ran).hasValue(1);
        signal.cancel();
        assertThat(ran).hasValue(1);
    }

    @Test
    void aFailingActionDoesNotStopTheOthers() {
        AtomicInteger ran = new AtomicInteger();
        signal.onCancel(() -> {
            throw new IllegalStateException("boom");
        });
        signal.onCancel(ran::incrementAndGet);
        signal.cancel();
        assertThat(ran).hasValue(1);
        assertThat(signal.isCancelled()).isTrue();
    }

    @Test
    void anActionMayRegisterAnotherWhileRunning() {
        AtomicInteger ran = new AtomicInteger();
        signal.onCancel(() -> signal.onCancel(ran::incrementAndGet));
        signal.cancel();
        assertThat(ran).hasValue(1);
    }

    @Test
    void runsEachActionExactlyOnceUnderConcurrentCancels() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            signal.onCancel(ran::incrementAndGet);
        }
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                pool.submit(() -> {
                    go.await();
                    signal.cancel();
                    return null;
                });
            }
            go.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(ran).hasValue(100);
    }

    @Test
    void theNoneSinkDropsEverything() {
        assertThat(EventSink.NONE.isOpen()).isFalse();
        assertThat(EventSink.NONE.send(new dev.switchboard.protocol.jsonrpc.Notification("x", null))).isFalse();
    }
}
