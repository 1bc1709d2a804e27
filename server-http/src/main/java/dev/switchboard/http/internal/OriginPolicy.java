package dev.switchboard.http.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * DNS-rebinding protection. A server bound to loopback accepts only loopback {@code Host}s and
 * {@code Origin}s (any port); otherwise an {@code Origin} must be on the allow-list or match the
 * request's own host. Requests without {@code Origin} (non-browser clients) pass the origin check.
 */
public final class OriginPolicy {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final boolean loopbackOnly;
    private final Set<String> allowedOrigins;
    private final Set<String> allowedHosts;

    /**
     * A policy.
     *
     * @param loopbackOnly   true when the server listens on a loopback address
     * @param allowedOrigins extra allowed origins, e.g. {@code https://app.example.com} (lowercase)
     * @param allowedHosts   extra allowed host names for the {@code Host} header (lowercase, no port)
     */
    public OriginPolicy(boolean loopbackOnly, Set<String> allowedOrigins, Set<String> allowedHosts) {
        this.loopbackOnly = loopbackOnly;
        this.allowedOrigins = Set.copyOf(allowedOrigins);
        this.allowedHosts = Set.copyOf(allowedHosts);
    }

    /** True when the server listens on loopback only. */
    public boolean loopbackOnly() {
        return loopbackOnly;
    }

    /** Null when allowed, else the reason for a 403. */
    public String check(String host, String origin) {
        String hostName = host == null ? null : hostName(host);
        if (loopbackOnly && hostName != null && !LOOPBACK.contains(hostName) && !allowedHosts.contains(hostName)) {
            return "Host \"" + host + "\" is not allowed: this server only answers to localhost (DNS rebinding protection)";
        }
        if (origin == null) {
            return null;
        }
        String o = origin.strip().toLowerCase(Locale.ROOT);
        if (allowedOrigins.contains(o)) {
            return null;
        }
        String originHost;
        try {
            URI u = URI.create(o);
            originHost = u.getHost();
            if (originHost == null || (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()))) {
                return "Origin \"" + origin + "\" is not allowed";
            }
        } catch (IllegalArgumentException e) {
            return "Origin \"" + origin + "\" is not a valid origin";
        }
        if (LOOPBACK.contains(originHost) && (loopbackOnly || (hostName != null && LOOPBACK.contains(hostName)))) {
            return null;
        }
        if (!loopbackOnly && originHost.equals(hostName)) {
            return null;
        }
        return "Origin \"" + origin + "\" is not allowed; add it to the allowed origins to let browsers from it connect";
    }

    private static String hostName(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.lastIndexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }
}
