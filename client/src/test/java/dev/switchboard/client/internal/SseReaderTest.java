package dev.switchboard.client.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SseReaderTest {

    private static List<String> events(String stream, long limit) throws IOException {
        SseReader r = new SseReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), limit);
        List<String> out = new ArrayList<>();
        String e;
        while ((e = r.next()) != null) {
            out.add(e);
        }
        return out;
    }

    @Test
    void readsOneDataLinePerEvent() throws IOException {
        assertThat(events("data: {\"a\":1}\n\ndata: {\"b\":2}\n\n", 1000)).containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void joinsMultipleDataLinesWithNewlines() throws IOException {
        assertThat(events("data: one\ndata: two\n\n", 1000)).containsExactly("one\ntwo");
    }

    @Test
    void skipsCommentsAndOtherFields() throws IOException {
        assertThat(events(": keep-alive\n\nevent: message\nid: 7\nretry: 100\ndata: x\n\n", 1000)).containsExactly("x");
    }

    @Test
    void acceptsCrLfAndCrLineEndings() throws IOException {
        assertThat(events("data: a\r\n\r\ndata: b\r\rdata: c\n\n", 1000)).containsExactly("a", "b", "c");
    }

    @Test
    void keepsAnEmptyDataEventSoPrimingEventsAreVisible() throws IOException {
        assertThat(events("id: 1\ndata:\n\ndata: x\n\n", 1000)).containsExactly("", "x");
    }

    @Test
    void dropsAnUnterminatedLastEvent() throws IOException {
        assertThat(events("data: done\n\ndata: partial", 1000)).containsExactly("done");
    }

    @Test
    void onlyTheFirstSpaceAfterTheColonIsRemoved() throws IOException {
        assertThat(events("data:  two spaces\ndata:none\n\n", 1000)).containsExactly(" two spaces\nnone");
    }

    @Test
    void decodesUtf8() throws IOException {
        assertThat(events("data: grüße ☃\n\n", 1000)).containsExactly("grüße ☃");
    }

    @Test
    void refusesALineOverTheLimit() {
        assertThatThrownBy(() -> events("data: " + "x".repeat(100) + "\n\n", 50)).isInstanceOf(SseReader.TooLarge.class)
                .hasMessageContaining("50 bytes");
    }

    @Test
    void refusesAnEventWhoseLinesAddUpOverTheLimit() {
        assertThatThrownBy(() -> events("data: 0123456789\n".repeat(10) + "\n", 50)).isInstanceOf(SseReader.TooLarge.class);
    }

    @Test
    void anEmptyStreamHasNoEvents() throws IOException {
        assertThat(events("", 10)).isEmpty();
        assertThat(events("\n\n\n", 10)).isEmpty();
    }
}
