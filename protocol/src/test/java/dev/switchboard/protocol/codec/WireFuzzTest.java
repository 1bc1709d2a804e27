package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonNull;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Random JSON trees survive write-then-parse, and the two text forms agree. Seeds are fixed per repetition. */
class WireFuzzTest {

    private static Json randomJson(Random r, int depth) {
        int kind = depth > 4 ? 2 + r.nextInt(4) : r.nextInt(6);
        return switch (kind) {
            case 0 -> {
                JsonObject.Builder b = JsonObject.builder();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    b.put(randomString(r) + i, randomJson(r, depth + 1));
                }
                yield b.build();
            }
            case 1 -> {
                List<Json> items = new ArrayList<>();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    items.add(randomJson(r, depth + 1));
                }
                yield new JsonArray(items);
            }
            case 2 -> new JsonString(randomString(r));
            case 3 -> randomNumber(r);
            case 4 -> JsonBoolean.of(r.nextBoolean());
            default -> JsonNull.INSTANCE;
        };
    }

    private static JsonNumber randomNumber(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> JsonNumber.of(r.nextLong());
            case 1 -> JsonNumber.of(r.nextInt(1000) - 500);
            case 2 -> JsonNumber.of(new BigDecimal(BigInteger.valueOf(r.nextLong()), r.nextInt(20) - 10));
            default -> JsonNumber.of(new BigInteger(100, r));
        };
    }

    private static String randomString(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(8);
        for (int i = 0; i < n; i++) {
            int pick = r.nextInt(10);
            if (pick == 0) {
                sb.append((char) r.nextInt(0x20));
            } else if (pick == 1) {
                sb.append("\"\\/");
            } else if (pick == 2) {
                sb.appendCodePoint(0x1F600 + r.nextInt(50));
            } else if (pick == 3) {
                sb.append((char) (0x00C0 + r.nextInt(0x100)));
            } else {
                sb.append((char) ('a' + r.nextInt(26)));
            }
        }
        return sb.toString();
    }

    @RepeatedTest(200)
    void survivesWriteThenParse(RepetitionInfo info) {
        Json tree = randomJson(new Random(info.getCurrentRepetition()), 0);
        assertThat(Wire.parse(Wire.write(tree))).isEqualTo(tree);
    }

    @RepeatedTest(50)
    void printsTheSameTextAsTheWireWriterParses(RepetitionInfo info) {
        Json tree = randomJson(new Random(10_000 + info.getCurrentRepetition()), 0);
        assertThat(Wire.parse(tree.toString())).isEqualTo(tree);
    }

    @Test
    void keepsSurrogatePairsAndControlCharacters() {
        Json s = new JsonString("\u0000\u001f \uD83D\uDE00 \u2028");
        assertThat(Wire.parse(Wire.write(s))).isEqualTo(s);
        assertThat(Wire.parse(s.toString())).isEqualTo(s);
    }
}
