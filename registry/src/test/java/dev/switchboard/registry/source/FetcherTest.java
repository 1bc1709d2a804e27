package dev.switchboard.registry.source;

import dev.switchboard.outbound.OutboundException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures are worth another try. */
class FetcherTest {
    @Test
    void retriesBusyOrFailingServersAndMissingAnswersButNotRefusalsOrOtherAnswers() {
        assertThat(Fetcher.retriable(new OutboundException("GET x answered 503", 503))).isTrue();
        assertThat(Fetcher.retriable(new OutboundException("GET x answered 429", 429))).isTrue();
        assertThat(Fetcher.retriable(new OutboundException("GET x answered 404", 404))).isFalse();
        assertThat(Fetcher.retriable(new OutboundException("GET x answered 401", 401))).isFalse();
        assertThat(Fetcher.retriable(new OutboundException("GET x took longer", new TimeoutException()))).isTrue();
        assertThat(Fetcher.retriable(new OutboundException("GET x failed", new ConnectException("refused")))).isTrue();
        assertThat(Fetcher.retriable(new OutboundException("GET x: refused 10.0.0.1 (private)",
                new OutboundException("refused 10.0.0.1 (private)")))).isFalse();
        assertThat(Fetcher.retriable(new OutboundException("refused http://x: only https URLs may be fetched"))).isFalse();
        assertThat(Fetcher.retriable(new OutboundException("GET x failed: larger than", new IllegalArgumentException("capacity"))))
                .isFalse();
        assertThat(Fetcher.retriable(new OutboundException("GET x failed", new IOException("reset")))).isTrue();
    }
}
