package dev.switchboard.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named values a request carries besides a JSON body: the fields of its query string, of an
 * {@code application/x-www-form-urlencoded} form, and its cookies. {@link ApiRoute.Request} offers
 * them parsed; other code reading a raw query or form uses these, so every module reads them alike.
 *
 * <p>In every map the first of a repeated name wins (a later duplicate cannot override a value
 * something checked), order is kept, and nothing can be changed.
 */
public final class RequestFields {
    private RequestFields() {
    }

    /**
     * The fields of a raw query string ({@code +} is a space, escapes are UTF-8; empty pairs are
     * skipped, a name without {@code =} has the value ""); empty for null.
     *
     * @throws MalformedFieldException naming the first pair whose escapes do not decode
     */
    public static Map<String, String> query(String rawQuery) {
        return decode(rawQuery, "the query");
    }

    /**
     * The fields of an {@code application/x-www-form-urlencoded} body, read as {@link #query} reads a query.
     *
     * @throws MalformedFieldException naming the first pair whose escapes do not decode
     */
    public static Map<String, String> form(String body) {
        return decode(body, "the form");
    }

    /**
     * The cookies of a {@code Cookie} header: split on {@code ;}, then at the first {@code =}, names
     * and values stripped; a part without a name is skipped. Values are kept as sent, not
     * percent-decoded (RFC 6265 gives them no encoding).
     */
    public static Map<String, String> cookies(String header) {
        Map<String, String> out = new LinkedHashMap<>();
        if (header != null) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                String name = eq < 0 ? "" : part.substring(0, eq).strip();
                if (!name.isEmpty()) {
                    out.putIfAbsent(name, part.substring(eq + 1).strip());
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, String> decode(String text, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text != null) {
            for (String pair : text.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                try {
                    out.putIfAbsent(unescape(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : unescape(pair.substring(eq + 1)));
                } catch (IllegalArgumentException | CharacterCodingException e) {
                    throw new MalformedFieldException(what, pair);
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * One name or value: {@code +} is a space and {@code %XX} a byte, the bytes UTF-8. Stricter than
     * {@link java.net.URLDecoder}, which turns bytes that are not UTF-8 into U+FFFD: two different
     * escapes must not read as the same value.
     */
    private static String unescape(String s) throws CharacterCodingException {
        if (s.indexOf('%') < 0) {
            return s.replace('+', ' ');
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) == '%') {
                if (i + 3 > s.length() || !HexFormat.isHexDigit(s.charAt(i + 1)) || !HexFormat.isHexDigit(s.charAt(i + 2))) {
                    throw new IllegalArgumentException("malformed escape");
                }
                bytes.write(HexFormat.fromHexDigits(s, i + 1, i + 3));
                i += 3;
            } else {
                int next = s.indexOf('%', i);
                int end = next < 0 ? s.length() : next;
                bytes.writeBytes(s.substring(i, end).replace('+', ' ').getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    }
}
