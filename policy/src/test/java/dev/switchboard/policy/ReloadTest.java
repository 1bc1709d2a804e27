package dev.switchboard.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.switchboard.policy.Bundles.call;
import static dev.switchboard.policy.Bundles.user;
import static org.assertj.core.api.Assertions.assertThat;

/** Reload compiles first and swaps only a valid bundle. */
class ReloadTest {
    @TempDir
    Path dir;

    @Test
    void aValidBundleIsSwappedIn() {
        Path file = Bundles.write(dir, "p.yaml", "rules: [{id: none, effect: deny, reason: closed}]");
        PolicyEngine engine = PolicyEngine.load(file);
        String before = engine.bundle().hash();
        assertThat(engine.evaluate(call(user("a"), "t", "{}")).allowed()).isFalse();

        Bundles.write(dir, "p.yaml", "rules: [{id: open, effect: allow}]");
        Reload r = engine.reload(file);

        assertThat(r).isInstanceOfSatisfying(Reload.Swapped.class, s -> {
            assertThat(s.previousHash()).isEqualTo(before);
            assertThat(s.hash()).isEqualTo(engine.bundle().hash()).isNotEqualTo(before);
            assertThat(s.rules()).isEqualTo(1);
        });
        Decision d = engine.evaluate(call(user("a"), "t", "{}"));
        assertThat(d.allowed()).isTrue();
        assertThat(d.bundleHash()).isEqualTo(engine.bundle().hash());
    }

    @Test
    void aBadBundleKeepsTheRunningOneAndSaysWhy() {
        Path file = Bundles.write(dir, "p.yaml", "rules: [{id: open, effect: allow}]");
        PolicyEngine engine = PolicyEngine.load(file);
        PolicyBundle running = engine.bundle();

        Bundles.write(dir, "p.yaml", """
                rules:
                  - id: open
                    effect: allow
                    when: args.amount > "ten" && 1
                """);
        Reload r = engine.reload(file);

        assertThat(r).isInstanceOfSatisfying(Reload.Refused.class, refused -> {
            assertThat(refused.activeHash()).isEqualTo(running.hash());
            assertThat(refused.error().getMessage()).contains("p.yaml:4:").contains("rule \"open\"");
        });
        assertThat(engine.bundle()).isSameAs(running);
        assertThat(engine.evaluate(call(user("a"), "t", "{}")).allowed()).isTrue();
    }

    @Test
    void reformattingIsNotAChange() {
        Path file = Bundles.write(dir, "p.yaml", "rules: [{id: open, effect: allow}]");
        PolicyEngine engine = PolicyEngine.load(file);
        PolicyBundle running = engine.bundle();
        Bundles.write(dir, "p.yaml", "# same rules\nrules:\n  - effect: allow\n    id: open\n");
        assertThat(engine.reload(file)).isEqualTo(new Reload.Unchanged(running.hash()));
        assertThat(engine.bundle()).isSameAs(running);
    }
}
