package dev.switchboard.client.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Encodes values for the {@code Mcp-Name} and {@code Mcp-Param-*} headers (SEP-2243): plain
 * when the value is safe as an HTTP header, otherwise the Base64 sentinel
 * {@code =?base64?<base64 of UTF-8>?=}.
 */
public final class HeaderValues {
    static final String PREFIX = "=?base64?";
    static final String SUFFIX = "?=";

    private HeaderValues() {
    }

    /**
     * The header form of {@code value}: the sentinel for non-ASCII or control characters, leading
     * or trailing whitespace, or a plain value that itself looks like the sentinel; else as-is
     * (the empty string stays empty).
     */
    public static String encode(String value) {
        return needsBase64(value)
                ? PREFIX + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + SUFFIX
                : value;
    }

    static boolean needsBase64(String v) {
        if (v.isEmpty()) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return true;
            }
        }
        if (isSpace(v.charAt(0)) || isSpace(v.charAt(v.length() - 1))) {
            return true;
        }
        return v.startsWith(PREFIX) && v.endsWith(SUFFIX);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
