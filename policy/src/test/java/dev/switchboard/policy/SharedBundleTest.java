package dev.switchboard.policy;

import dev.switchboard.state.embedded.InMemoryStore;
import dev.switchboard.state.embedded.InProcessEventBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A bundle published in the shared state: stored whole, announced, compiled by whoever follows it. */
class SharedBundleTest {
    @TempDir
    Path dir;
    private final InMemoryStore store = new InMemoryStore();
    private final InProcessEventBus bus = new InProcessEventBus();

    @AfterEach
    void close() {
        bus.close();
    }

    @Test
    void aPublishedBundleIsStoredAnnouncedAndCompiledElsewhereNamingItsSourceFile() throws Exception {
        SharedBundle shared = new SharedBundle(store, bus, "payments");
        assertThat(shared.current()).isNull();
        List<String> heard = new CopyOnWriteArrayList<>();
        shared.follow(heard::add);

        Path file = Bundles.write(dir, "v1.yaml", "rules:\n  - {id: all, effect: allow}\n");
        SharedBundle.Publication first = shared.publish(file, "ops@host", Clock.systemUTC());
        assertThat(first.previousHash()).isNull();
        assertThat(first.rules()).isEqualTo(1);
        assertThat(first.published().hash()).isEqualTo(PolicyBundle.load(file).hash());

        SharedBundle other = new SharedBundle(store, bus, "payments"); // another instance
        PolicyEngine engine = new PolicyEngine(other.current().compile());
        assertThat(engine.bundle().hash()).isEqualTo(first.published().hash());

        Path v2 = Bundles.write(dir, "v2.yaml", "rules:\n  - {id: none, effect: deny, reason: closed}\n");
        SharedBundle.Publication second = shared.publish(v2, "ops@host", Clock.systemUTC());
        assertThat(second.previousHash()).isEqualTo(first.published().hash());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (heard.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(heard).containsExactly(first.published().hash(), second.published().hash());
        Reload r = engine.reload(() -> other.current().compile());
        assertThat(r).isEqualTo(new Reload.Swapped(first.published().hash(), second.published().hash(), 1));
        assertThat(other.current().publishedBy()).isEqualTo("ops@host");
    }

    @Test
    void anInvalidBundleIsNotPublishedAndItsProblemsNameTheFile() throws Exception {
        SharedBundle shared = new SharedBundle(store, bus, SharedBundle.DEFAULT_NAME);
        Path file = Bundles.write(dir, "bad.yaml", "rules:\n  - id: typed\n    when: principal.subject > 3\n    effect: allow\n");
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> shared.publish(file, "ops", Clock.systemUTC()));
        assertThat(e.getMessage()).contains(file + ":3:").contains("rule \"typed\"");
        assertThat(shared.current()).isNull();
    }

    @Test
    void aStoredBundleThatNoLongerCompilesHereIsRefusedOnReloadAndTheRunningOneKept() throws Exception {
        SharedBundle shared = new SharedBundle(store, bus, "x");
        PolicyEngine engine = new PolicyEngine(PolicyBundle.load(Bundles.write(dir, "ok.yaml", "rules:\n  - {id: a, effect: allow}\n")));
        String running = engine.bundle().hash();
        Reload r = engine.reload(() -> new SharedBundle.Published("sha256:x", dir.resolve("gone.yaml").toString(),
                "rules: [", java.time.Instant.now(), "ops").compile());
        assertThat(r).isInstanceOf(Reload.Refused.class);
        assertThat(((Reload.Refused) r).error().getMessage()).contains("gone.yaml:1:");
        assertThat(engine.bundle().hash()).isEqualTo(running);
        assertThat(Files.exists(dir.resolve("gone.yaml"))).isFalse();
        assertThat(shared.name()).isEqualTo("x");
    }
}
