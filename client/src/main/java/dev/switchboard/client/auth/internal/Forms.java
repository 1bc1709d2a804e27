package dev.switchboard.client.auth.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** {@code application/x-www-form-urlencoded} both ways, and query strings. */
public final class Forms {
    private Forms() {
    }

    /** Encodes the pairs in order; null values are left out. */
    public static String encode(Map<String, String> form) {
        StringJoiner out = new StringJoiner("&");
        form.forEach((k, v) -> {
            if (v != null) {
                out.add(component(k) + "=" + component(v));
            }
        });
        return out.toString();
    }

    /** One form-encoded component (space as {@code +}). */
    public static String component(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * Decodes a query string (what an authorization server redirects back with); the first
     * occurrence of a name wins. The server side reads requests with server-http's
     * {@code RequestFields}, which the client does not depend on.
     *
     * @throws IllegalArgumentException naming the pair when an escape is malformed; a
     *     {@link URI}'s raw query never has one, as {@code URI} refuses them
     */
    public static Map<String, String> decode(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the query is not URL-encoded correctly near \"" + pair + "\"", e);
            }
        }
        return out;
    }

    /** {@code base} with the pairs appended to its query (keeping the query it has). */
    public static URI withQuery(URI base, Map<String, String> params) {
        String s = base.toString();
        int hash = s.indexOf('#');
        String fragmentless = hash < 0 ? s : s.substring(0, hash);
        String sep = base.getRawQuery() == null ? "?" : fragmentless.endsWith("&") || fragmentless.endsWith("?") ? "" : "&";
        return URI.create(fragmentless + sep + encode(params));
    }
}
