package dev.switchboard.protocol.headers;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Values of the {@code Mcp-Name} and {@code Mcp-Param-*} headers (SEP-2243): plain when safe as
 * an HTTP header value, otherwise the Base64 sentinel {@code =?base64?<base64 of UTF-8>?=}
 * (prefix and suffix exact and lowercase; anything else is a literal).
 */
public final class HeaderValues {
    private static final String PREFIX = "=?base64?";
    private static final String SUFFIX = "?=";
    private static final String TCHAR = "!#$%&'*+-.^_`|~";

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

    /**
     * The value a received header stands for: trimmed, and the sentinel decoded.
     *
     * @throws IllegalArgumentException for control characters, or invalid Base64 (bad padding or
     *                                  characters, or bytes that are not UTF-8) inside the sentinel
     */
    public static String decode(String raw) {
        String v = raw.strip();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("contains control characters; send such values Base64-encoded");
            }
        }
        if (v.length() < PREFIX.length() + SUFFIX.length() || !v.startsWith(PREFIX) || !v.endsWith(SUFFIX)) {
            return v;
        }
        String b64 = v.substring(PREFIX.length(), v.length() - SUFFIX.length());
        if (b64.length() % 4 != 0) {
            throw new IllegalArgumentException("has invalid Base64 (length must be a multiple of 4, with padding)");
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(b64);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new IllegalArgumentException("has invalid Base64 inside =?base64?...?=");
        }
    }

    /** True when {@code value} must travel as the sentinel. */
    public static boolean needsBase64(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return true;
            }
        }
        if (isSpace(value.charAt(0)) || isSpace(value.charAt(value.length() - 1))) {
            return true;
        }
        return value.startsWith(PREFIX) && value.endsWith(SUFFIX);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    /** True for a non-empty RFC 9110 token (the allowed header-name characters). */
    public static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || TCHAR.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
