package dev.switchboard.state.seal;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Key ring: generation, rotation, validation and the key-ring file. */
class KeyRingTest {
    private static final JsonObject PAYLOAD = JsonObject.of("n", Json.of(1));

    @TempDir
    Path dir;

    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    private static String seal(KeyRing ring) {
        return new Sealer(ring).seal("test", "alice", Duration.ofMinutes(1), PAYLOAD);
    }

    private static JsonObject open(KeyRing ring, String token) {
        return new Sealer(ring).open("test", "alice", token);
    }

    @Test
    void generatesOneFreshKeyThatIsActive() {
        KeyRing ring = KeyRing.generate();
        assertThat(ring.ids()).containsExactly(ring.activeId());
        assertThat(ring.activeId()).matches("k-[0-9a-f]{8}");
        assertThat(ring.activeKey()).hasSize(32);
    }

    @Test
    void generatesDifferentKeysEachTime() {
        KeyRing a = KeyRing.generate();
        KeyRing b = KeyRing.generate();
        assertThat(a).isNotEqualTo(b);
        assertThat(a.activeKey()).isNotEqualTo(b.activeKey());
    }

    @Test
    void newKeyIsThirtyTwoRandomBytes() {
        byte[] a = KeyRing.newKey();
        byte[] b = KeyRing.newKey();
        assertThat(a).hasSize(32);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void newKeyIdsLookLikeShortHexNames() {
        assertThat(KeyRing.newKeyId()).matches("k-[0-9a-f]{8}");
        assertThat(KeyRing.newKeyId()).isNotEqualTo(KeyRing.newKeyId());
    }

    @Test
    void activeKeySealsNewTokens() {
        KeyRing ring = KeyRing.of("k2", Map.of("k1", key(1), "k2", key(2)));
        String token = seal(ring);
        assertThat(open(KeyRing.of("k2", key(2)), token)).isEqualTo(PAYLOAD);
        assertThatThrownBy(() -> open(KeyRing.of("k1", key(1)), token))
                .isInstanceOfSatisfying(SealException.class,
                        e -> assertThat(e.reason()).isEqualTo(SealException.Reason.UNKNOWN_KEY));
    }

    @Test
    void rotationMakesTheNewKeyActiveAndKeepsOldKeysUsable() {
        KeyRing before = KeyRing.of("k1", key(1));
        String old = seal(before);
        KeyRing after = before.rotate("k2", key(2));
        assertThat(after.activeId()).isEqualTo("k2");
        assertThat(after.ids()).containsExactly("k1", "k2");
        assertThat(open(after, old)).isEqualTo(PAYLOAD);
        String fresh = seal(after);
        assertThat(open(KeyRing.of("k2", key(2)), fresh)).isEqualTo(PAYLOAD);
    }

    @Test
    void rotationLeavesTheOriginalRingUnchanged() {
        KeyRing before = KeyRing.of("k1", key(1));
        before.rotate("k2", key(2));
        assertThat(before.ids()).containsExactly("k1");
        assertThat(before.activeId()).isEqualTo("k1");
    }

    @Test
    void tokensOfARemovedKeyNoLongerOpen() {
        KeyRing rotated = KeyRing.of("k1", key(1)).rotate("k2", key(2));
        String old = seal(KeyRing.of("k1", key(1)));
        KeyRing pruned = KeyRing.of("k2", Map.of("k2", key(2)));
        assertThat(open(rotated, old)).isEqualTo(PAYLOAD);
        assertThatThrownBy(() -> open(pruned, old)).isInstanceOfSatisfying(SealException.class,
                e -> assertThat(e.reason()).isEqualTo(SealException.Reason.UNKNOWN_KEY));
    }

    @Test
    void copiesTheKeyBytesItIsGiven() {
        byte[] k = key(7);
        KeyRing ring = KeyRing.of("k", k);
        String token = seal(ring);
        Arrays.fill(k, (byte) 0);
        assertThat(open(ring, token)).isEqualTo(PAYLOAD);
        assertThat(ring).isEqualTo(KeyRing.of("k", key(7)));
    }

    @Test
    void copiesTheKeyMapItIsGiven() {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        keys.put("k1", key(1));
        KeyRing ring = KeyRing.of("k1", keys);
        keys.put("k2", key(2));
        keys.get("k1")[0] = 9;
        assertThat(ring.ids()).containsExactly("k1");
        assertThat(ring).isEqualTo(KeyRing.of("k1", key(1)));
    }

    @Test
    void idsAreInConfigurationOrderAndACopy() {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        keys.put("zeta", key(1));
        keys.put("alpha", key(2));
        keys.put("mid", key(3));
        KeyRing ring = KeyRing.of("alpha", keys);
        List<String> ids = ring.ids();
        assertThat(ids).containsExactly("zeta", "alpha", "mid");
        ids.clear();
        assertThat(ring.ids()).hasSize(3);
    }

    @Test
    void rejectsAnActiveIdThatIsNotOnTheRing() {
        assertThatThrownBy(() -> KeyRing.of("k9", Map.of("k1", key(1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"k9\"");
    }

    @Test
    void rejectsKeysThatAreNotThirtyTwoBytes() {
        assertThatThrownBy(() -> KeyRing.of("k1", new byte[16]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k1").hasMessageContaining("32 bytes").hasMessageContaining("16");
        assertThatThrownBy(() -> KeyRing.of("k1", Map.of("k1", key(1), "k2", new byte[33])))
                .hasMessageContaining("k2");
    }

    @Test
    void rejectsEmptyOrOverlongKeyIds() {
        assertThatThrownBy(() -> KeyRing.of("", key(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyRing.of("k".repeat(65), key(1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(KeyRing.of("k".repeat(64), key(1)).activeId()).hasSize(64);
    }

    @Test
    void rejectsKeyIdsThatAreNotVisibleAscii() {
        // the id travels in every token as US-ASCII: "kö" would be sealed as "k?" and never open again
        assertThatThrownBy(() -> KeyRing.of("kö", key(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kö");
        assertThatThrownBy(() -> KeyRing.of("k 1", key(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyRing.of("k1", key(1)).rotate("k\n2", key(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringNamesIdsButNeverKeyMaterial() {
        byte[] k = key(0x41);
        KeyRing ring = KeyRing.of("k1", k);
        String text = ring.toString();
        assertThat(text).contains("k1");
        assertThat(text).doesNotContain(Base64.getEncoder().encodeToString(k));
        assertThat(text).doesNotContain(new String(k, StandardCharsets.ISO_8859_1));
    }

    @Test
    void equalRingsHaveTheSameIdsActiveKeyAndBytes() {
        KeyRing a = KeyRing.of("k1", Map.of("k1", key(1), "k2", key(2)));
        KeyRing b = KeyRing.of("k1", Map.of("k1", key(1), "k2", key(2)));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(KeyRing.of("k2", Map.of("k1", key(1), "k2", key(2))));
        assertThat(a).isNotEqualTo(KeyRing.of("k1", Map.of("k1", key(1), "k2", key(3))));
        assertThat(a).isNotEqualTo(KeyRing.of("k1", key(1)));
        assertThat(a).isNotEqualTo("k1");
    }

    // ---- the key-ring file ----------------------------------------------------------------

    @Test
    void writesAndReadsTheSameRing() throws IOException {
        KeyRing ring = KeyRing.of("k1", key(1)).rotate("k2", key(2));
        Path file = dir.resolve("ring.json");
        ring.write(file);
        KeyRing read = KeyRing.read(file);
        assertThat(read).isEqualTo(ring);
        assertThat(read.ids()).containsExactly("k1", "k2");
        assertThat(read.activeId()).isEqualTo("k2");
    }

    @Test
    void aRingReadFromTheFileOpensTokensOfTheRingThatWroteIt() throws IOException {
        KeyRing ring = KeyRing.generate();
        Path file = dir.resolve("ring.json");
        ring.write(file);
        String token = seal(ring);
        assertThat(open(KeyRing.read(file), token)).isEqualTo(PAYLOAD);
    }

    @Test
    void writesTheFileReadableByItsOwnerOnly() throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        Path file = dir.resolve("ring.json");
        KeyRing.generate().write(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void tightensPermissionsWhenOverwritingAnOpenFile() throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        Path file = dir.resolve("ring.json");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        KeyRing ring = KeyRing.generate();
        ring.write(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(KeyRing.read(file)).isEqualTo(ring);
    }

    @Test
    void createsMissingParentDirectories() throws IOException {
        Path file = dir.resolve("a/b/ring.json");
        KeyRing ring = KeyRing.generate();
        ring.write(file);
        assertThat(KeyRing.read(file)).isEqualTo(ring);
    }

    @Test
    void writesTheDocumentedFormat() throws IOException {
        Path file = dir.resolve("ring.json");
        KeyRing.of("k1", key(1)).write(file);
        String text = Files.readString(file);
        assertThat(text).isEqualTo("{\"active\":\"k1\",\"keys\":[{\"id\":\"k1\",\"key\":\""
                + Base64.getEncoder().encodeToString(key(1)) + "\"}]}");
    }

    @Test
    void readsAFileWithoutActiveAsFirstKeyActive() throws IOException {
        Path file = write("{\"keys\":[{\"id\":\"a\",\"key\":\"" + b64(1) + "\"},{\"id\":\"b\",\"key\":\"" + b64(2) + "\"}]}");
        KeyRing ring = KeyRing.read(file);
        assertThat(ring.activeId()).isEqualTo("a");
        assertThat(ring.ids()).containsExactly("a", "b");
    }

    @Test
    void readingAMissingFileIsAnIoError() {
        assertThatThrownBy(() -> KeyRing.read(dir.resolve("nope.json"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aFileThatIsNotJsonNamesTheFile() throws IOException {
        Path file = write("{not json");
        assertThatThrownBy(() -> KeyRing.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file.toString());
    }

    @Test
    void aFileThatIsNotAnObjectNamesTheFile() throws IOException {
        Path file = write("[1,2]");
        assertThatThrownBy(() -> KeyRing.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining("expected object");
    }

    @Test
    void aFileWithoutKeysNamesTheFileAndTheField() throws IOException {
        Path file = write("{\"active\":\"k1\"}");
        assertThatThrownBy(() -> KeyRing.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("keys");
    }

    @Test
    void aFileWithAnEmptyKeyListNamesTheFileAndTheField() throws IOException {
        Path file = write("{\"keys\":[]}");
        assertThatThrownBy(() -> KeyRing.read(file))
                .hasMessageContaining(file.toString()).hasMessageContaining("keys: at least one key");
    }

    @Test
    void aKeyWithoutIdNamesTheEntry() throws IOException {
        Path file = write("{\"keys\":[{\"id\":\"a\",\"key\":\"" + b64(1) + "\"},{\"key\":\"" + b64(2) + "\"}]}");
        assertThatThrownBy(() -> KeyRing.read(file))
                .hasMessageContaining(file.toString()).hasMessageContaining("keys[1].id");
    }

    @Test
    void aKeyThatIsNotAnObjectNamesTheEntry() throws IOException {
        Path file = write("{\"keys\":[\"k1\"]}");
        assertThatThrownBy(() -> KeyRing.read(file))
                .hasMessageContaining(file.toString()).hasMessageContaining("keys[0]");
    }

    @Test
    void aKeyThatIsNotBase64NamesTheField() throws IOException {
        Path file = write("{\"keys\":[{\"id\":\"k1\",\"key\":\"***not base64***\"}]}");
        assertThatThrownBy(() -> KeyRing.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("keys[0].key");
    }

    @Test
    void aKeyOfTheWrongLengthNamesTheKey() throws IOException {
        Path file = write("{\"keys\":[{\"id\":\"short\",\"key\":\"" + Base64.getEncoder().encodeToString(new byte[8]) + "\"}]}");
        assertThatThrownBy(() -> KeyRing.read(file))
                .hasMessageContaining(file.toString()).hasMessageContaining("short").hasMessageContaining("32 bytes");
    }

    @Test
    void anActiveIdThatIsNotOnTheRingNamesIt() throws IOException {
        Path file = write("{\"active\":\"gone\",\"keys\":[{\"id\":\"k1\",\"key\":\"" + b64(1) + "\"}]}");
        assertThatThrownBy(() -> KeyRing.read(file))
                .hasMessageContaining(file.toString()).hasMessageContaining("\"gone\"");
    }

    @Test
    void anActiveThatIsNotAStringNamesTheField() throws IOException {
        Path file = write("{\"active\":1,\"keys\":[{\"id\":\"k1\",\"key\":\"" + b64(1) + "\"}]}");
        assertThatThrownBy(() -> KeyRing.read(file))
                .hasMessageContaining(file.toString()).hasMessageContaining("active");
    }

    @Test
    void aDuplicateKeyIdIsRefusedRatherThanSilentlyReplaced() throws IOException {
        Path file = write("{\"keys\":[{\"id\":\"k1\",\"key\":\"" + b64(1) + "\"},{\"id\":\"k1\",\"key\":\"" + b64(2) + "\"}]}");
        assertThatThrownBy(() -> KeyRing.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("keys[1].id").hasMessageContaining("k1");
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("in.json");
        Files.writeString(file, text);
        return file;
    }

    private static String b64(int fill) {
        return Base64.getEncoder().encodeToString(key(fill));
    }

    @Test
    void derivesTheSameSecretPerPurposeFromTheSameActiveKey() {
        byte[] k = KeyRing.newKey();
        KeyRing one = KeyRing.of("k1", k);
        KeyRing two = KeyRing.of("k1", k.clone());
        org.assertj.core.api.Assertions.assertThat(one.derive("approvals")).hasSize(32).isEqualTo(two.derive("approvals"))
                .isNotEqualTo(one.derive("other")).isNotEqualTo(k);
        org.assertj.core.api.Assertions.assertThat(one.rotate("k2", KeyRing.newKey()).derive("approvals"))
                .isNotEqualTo(one.derive("approvals"));
    }
}
