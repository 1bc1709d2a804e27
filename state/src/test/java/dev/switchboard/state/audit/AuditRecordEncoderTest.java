package dev.switchboard.state.audit;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The writer's encoder chains exactly as {@link AuditRecord#next} does, and its lines read back intact. */
class AuditRecordEncoderTest {
    private static final Instant T = Instant.parse("2026-07-28T10:00:00.123456Z");

    @Test
    void chainsAsNextAndItsLinesReadBackIntact() {
        AuditRecord.Encoder encoder = new AuditRecord.Encoder();
        AuditRecord previous = null;
        String[] events = {
            "{\"type\":\"decision\",\"b\":1,\"a\":{\"z\":[true,null,1.50,1E-300,12345678901234567890123],\"y\":\"q\\\" \\\\ \\n é 日本 😀 \\u2028\"}}",
            "{\"type\":\"refusal\",\"status\":401}",
            "{\"big\":\"" + "x".repeat(5000) + "\",\"more\":\"" + "é".repeat(3000) + "\"}", // past the buffers' first size
            "{}",
        };
        for (String text : events) {
            JsonObject event = (JsonObject) Wire.parse(text);
            AuditRecord expected = AuditRecord.next(previous, T, event);
            AuditRecord r = encoder.next(previous, T, event);
            assertThat(r).isEqualTo(expected);
            String line = utf8(encoder.line());
            assertThat(line).endsWith("}\n").doesNotContain("\n}");
            AuditRecord read = AuditRecord.parse(line.substring(0, line.length() - 1));
            assertThat(read.isIntact()).isTrue();
            assertThat(read.hash()).isEqualTo(expected.hash());
            assertThat(read.follows(previous)).isTrue();
            previous = r;
        }
        assertThat(previous.sequence()).isEqualTo(events.length);
    }

    @Test
    void refusesAnEventWithoutACanonicalForm() {
        JsonObject event = JsonObject.builder().put("text", "lone \uD800 surrogate").build();
        assertThatThrownBy(() -> new AuditRecord.Encoder().next(null, T, event))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lone surrogate");
    }

    private static String utf8(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
