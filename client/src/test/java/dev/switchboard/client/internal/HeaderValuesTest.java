package dev.switchboard.client.internal;

import dev.switchboard.protocol.headers.HeaderValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderValuesTest {

    private static String decoded(String header) {
        assertThat(header).startsWith("=?base64?").endsWith("?=");
        return new String(Base64.getDecoder().decode(header.substring(9, header.length() - 2)), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo", "demo://readme", "a b", "tools/x.y-z_1", "=?base64?", "x?=", "=?BASE64?abc?="})
    void safeValuesGoAsTheyAre(String v) {
        assertThat(HeaderValues.encode(v)).isEqualTo(v);
    }

    @ParameterizedTest
    @ValueSource(strings = {"grüße", "日本", "tab\there", "new\nline", " lead", "trail ", "\ttab", "=?base64?abc?=", "del\u007f"})
    void unsafeValuesGoAsBase64OfTheirUtf8(String v) {
        assertThat(decoded(HeaderValues.encode(v))).isEqualTo(v);
    }

    @Test
    void theEmptyStringStaysEmpty() {
        assertThat(HeaderValues.encode("")).isEmpty();
    }

    @Test
    void paddingIsKept() {
        assertThat(HeaderValues.encode("é")).isEqualTo("=?base64?w6k=?=");
    }
}
