package dev.switchboard.cli;

import dev.switchboard.state.seal.KeyRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

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
