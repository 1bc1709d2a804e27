package dev.switchboard.cli;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.seal.KeyRing;
import dev.switchboard.state.seal.Sealer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code switchboard keys}: writing, rotating and showing key rings; errors name the file. */
class KeysCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cli = SwitchboardCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void newWritesAnOwnerOnlyKeyRingWithOneActiveKey() throws Exception {
        Path file = dir.resolve("ring.json");
        Run r = run("keys", "new", file.toString());
        assertThat(r.code()).isZero();
        KeyRing ring = KeyRing.read(file);
        assertThat(ring.ids()).containsExactly(ring.activeId());
        assertThat(r.out()).contains(ring.activeId());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void newRefusesToOverwriteWithoutForce() {
        Path file = dir.resolve("ring.json");
        assertThat(run("keys", "new", file.toString()).code()).isZero();
        Run again = run("keys", "new", file.toString());
        assertThat(again.code()).isEqualTo(ExitCodes.CONFIG);
        assertThat(again.err()).contains(file.toString()).contains("--force");
        assertThat(run("keys", "new", "--force", file.toString()).code()).isZero();
    }

    @Test
    void rotateAddsAnActiveKeyAndKeepsTheOldOne() throws Exception {
        Path file = dir.resolve("ring.json");
        run("keys", "new", file.toString());
        String first = KeyRing.read(file).activeId();
        assertThat(run("keys", "rotate", file.toString()).code()).isZero();
        KeyRing rotated = KeyRing.read(file);
        assertThat(rotated.ids()).hasSize(2).contains(first);
        assertThat(rotated.activeId()).isNotEqualTo(first);
        Run show = run("keys", "show", file.toString());
        assertThat(show.out()).contains(rotated.activeId() + " (active)").contains(first);
        assertThat(show.out()).doesNotContain("\"key\"");
    }

    @Test
    void aRollingRotationNeverStrandsATokenBetweenInstancesOnDifferentSteps() throws Exception {
        Path file = dir.resolve("ring.json");
        run("keys", "new", file.toString());
        KeyRing r0 = KeyRing.read(file);
        String k1 = r0.activeId();

        Run add = run("keys", "add", file.toString());
        assertThat(add.code()).isZero();
        KeyRing r1 = KeyRing.read(file);
        String k2 = r1.ids().get(1);
        assertThat(r1.activeId()).as("adding does not activate").isEqualTo(k1);
        assertThat(add.out()).contains("keys activate " + file + " " + k2);
        // instances on r0 and r1 side by side: each opens what the other seals
        assertOpens(r0, r1);
        assertOpens(r1, r0);

        assertThat(run("keys", "activate", file.toString(), k2).code()).isZero();
        KeyRing r2 = KeyRing.read(file);
        assertThat(r2.activeId()).isEqualTo(k2);
        assertOpens(r1, r2);
        assertOpens(r2, r1);
        String oldToken = new Sealer(r1).seal("p", "anonymous", Duration.ofMinutes(5), JsonObject.EMPTY);

        Run refused = run("keys", "remove", file.toString(), k2);
        assertThat(refused.code()).isEqualTo(ExitCodes.CONFIG);
        assertThat(refused.err()).contains("is the active key");
        assertThat(run("keys", "remove", file.toString(), "nope").err()).contains("not on the key ring");

        assertThat(run("keys", "remove", file.toString(), k1).code()).isZero();
        KeyRing r3 = KeyRing.read(file);
        assertThat(r3.ids()).containsExactly(k2);
        assertThatThrownBy(() -> new Sealer(r3).open("p", "anonymous", oldToken))
                .as("tokens of a removed key stop opening").isInstanceOf(dev.switchboard.state.seal.SealException.class);
    }

    private static void assertOpens(KeyRing sealing, KeyRing opening) {
        String token = new Sealer(sealing).seal("p", "anonymous", Duration.ofMinutes(5), JsonObject.of("n", Json.of(1)));
        assertThat(new Sealer(opening).open("p", "anonymous", token)).isEqualTo(JsonObject.of("n", Json.of(1)));
    }

    @Test
    void aBrokenKeyRingFileIsNamedInTheError() throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"keys\":[{\"id\":\"k\",\"key\":\"not base64!\"}]}");
        Run r = run("keys", "show", file.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).contains("broken.json").contains("keys[0].key");
    }

    @Test
    void sharedStateWithoutASharedKeyRingIsRefused() {
        Run r = run("serve", "--port", "0", "--state", "redis://127.0.0.1:1");
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).contains("--keys");
    }

    @Test
    void anUnreachableStateStoreIsNamed() throws Exception {
        Path file = dir.resolve("ring.json");
        run("keys", "new", file.toString());
        Run r = run("serve", "--port", "0", "--keys", file.toString(), "--state", "redis://127.0.0.1:1");
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).contains("redis://127.0.0.1:1");
    }

    @Test
    void serveRefusesAMissingKeyRingFileWithAClearMessage() {
        Run r = run("serve", "--port", "0", "--keys", dir.resolve("nope.json").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).contains("file not found").contains("nope.json");
    }
}
