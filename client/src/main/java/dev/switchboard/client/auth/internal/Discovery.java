package dev.switchboard.client.auth.internal;

import dev.switchboard.client.auth.AuthorizationException;
import dev.switchboard.protocol.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds and checks the two metadata documents of the MCP authorization flow.
 *
 * <ul>
 *   <li>Protected resource metadata (RFC 9728): the challenge's {@code resource_metadata} URL
 *       when given (and nothing else), else the path-inserted well-known URL, then the root one.
 *       Its {@code resource} must identify the MCP endpoint: same origin, endpoint path at or below
 *       the resource path.</li>
 *   <li>Authorization server metadata: for issuer {@code https://as/p}, RFC 8414
 *       {@code /.well-known/oauth-authorization-server/p}, then OpenID Connect
 *       {@code /.well-known/openid-configuration/p} and {@code /p/.well-known/openid-configuration};
 *       without a path, the first two at the root. Its {@code issuer} must equal the issuer asked
 *       for, character for character.</li>
 * </ul>
 */
public final class Discovery {
    private static final String PRM = "/.well-known/oauth-protected-resource";
    private static final String OAUTH_AS = "/.well-known/oauth-authorization-server";
    private static final String OIDC = "/.well-known/openid-configuration";

    private final OAuthHttp http;
    private final boolean allowInsecure;

    /**
     * @param http          the HTTP client
     * @param allowInsecure accept {@code http} URLs on hosts other than loopback ones
     */
    public Discovery(OAuthHttp http, boolean allowInsecure) {
        this.http = http;
        this.allowInsecure = allowInsecure;
    }

    /**
     * The protected resource metadata of {@code endpoint}, checked against it.
     *
     * @param fromChallenge the challenge's {@code resource_metadata}, or null
     * @throws AuthorizationException when none is found or it names another resource
     */
    public ResourceMetadata resource(URI endpoint, String fromChallenge) {
        List<URI> candidates = new ArrayList<>();
        if (fromChallenge != null) {
            URI u = parse(fromChallenge, "the resource_metadata URL of the challenge");
            requireSecure(u, "the resource_metadata URL");
            candidates.add(u);
        } else {
            candidates.addAll(resourceCandidates(endpoint));
        }
        List<String> tried = new ArrayList<>();
        for (URI u : candidates) {
            OAuthHttp.Reply r = http.get(u);
            JsonObject doc = r.status() == 200 ? r.json() : null;
            ResourceMetadata m = doc == null ? null : ResourceMetadata.of(u, doc);
            if (m == null) {
                tried.add(u + " (HTTP " + r.status() + (r.status() == 200 ? ", not a protected resource metadata document" : "")
                        + ")");
                continue;
            }
            if (!covers(m.resource(), endpoint)) {
                throw new AuthorizationException("The protected resource metadata at " + u + " is for resource "
                        + m.resource() + ", not for " + endpoint + "; refusing to authorize (RFC 9728 §3.3)");
            }
            return m;
        }
        throw new AuthorizationException("No protected resource metadata for " + endpoint + " (tried " + String.join(", ", tried)
                + "); the server does not say how to authorize");
    }

    /**
     * The metadata of authorization server {@code issuer}.
     *
     * @throws AuthorizationException when none is found, or its issuer differs
     */
    public ServerMetadata server(String issuer) {
        URI issuerUri = parse(issuer, "the authorization server issuer");
        requireSecure(issuerUri, "the authorization server issuer");
        List<String> tried = new ArrayList<>();
        for (URI u : serverCandidates(issuerUri)) {
            OAuthHttp.Reply r = http.get(u);
            JsonObject doc = r.status() == 200 ? r.json() : null;
            if (doc == null) {
                tried.add(u + " (HTTP " + r.status() + ")");
                continue;
            }
            ServerMetadata m;
            try {
                m = ServerMetadata.of(u, doc);
            } catch (IllegalArgumentException e) {
                throw new AuthorizationException("The authorization server metadata at " + u + " is invalid: " + e.getMessage());
            }
            if (!issuer.equals(m.issuer())) {
                throw new AuthorizationException("The authorization server metadata at " + u + " names issuer "
                        + m.issuer() + ", not " + issuer + "; refusing to use it (RFC 8414 §3.3)");
            }
            for (URI endpoint : new URI[] {m.authorizationEndpoint(), m.tokenEndpoint(), m.registrationEndpoint()}) {
                if (endpoint != null) {
                    requireSecure(endpoint, "an authorization server endpoint");
                }
            }
            return m;
        }
        throw new AuthorizationException("No metadata for authorization server " + issuer + " (tried "
                + String.join(", ", tried) + ")");
    }

    /** The well-known protected resource metadata URLs of {@code endpoint}, in the order to try. */
    public static List<URI> resourceCandidates(URI endpoint) {
        String path = trimSlash(endpoint.getRawPath());
        List<URI> out = new ArrayList<>();
        if (!path.isEmpty()) {
            out.add(origin(endpoint, PRM + path));
        }
        out.add(origin(endpoint, PRM));
        return out;
    }

    /** The metadata URLs of an issuer, in the order to try. */
    public static List<URI> serverCandidates(URI issuer) {
        String path = trimSlash(issuer.getRawPath());
        if (path.isEmpty()) {
            return List.of(origin(issuer, OAUTH_AS), origin(issuer, OIDC));
        }
        return List.of(origin(issuer, OAUTH_AS + path), origin(issuer, OIDC + path), origin(issuer, path + OIDC));
    }

    /**
     * True when protected resource {@code resource} covers {@code endpoint}: same scheme, host and
     * port, and the endpoint's path equal to or below the resource's, by whole segments.
     */
    public static boolean covers(String resource, URI endpoint) {
        URI r;
        try {
            r = new URI(resource);
        } catch (URISyntaxException e) {
            return false;
        }
        if (r.getScheme() == null || r.getHost() == null || r.getRawFragment() != null
                || !r.getScheme().equalsIgnoreCase(endpoint.getScheme())
                || !r.getHost().equalsIgnoreCase(endpoint.getHost()) || port(r) != port(endpoint)) {
            return false;
        }
        String rp = trimSlash(r.getRawPath());
        String ep = trimSlash(endpoint.getRawPath());
        return rp.isEmpty() || ep.equals(rp) || ep.startsWith(rp + "/");
    }

    private static int port(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static String trimSlash(String path) {
        if (path == null) {
            return "";
        }
        String p = path;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static URI origin(URI u, String path) {
        return URI.create(u.getScheme() + "://" + u.getRawAuthority() + path);
    }

    private static URI parse(String s, String what) {
        try {
            URI u = new URI(s);
            if (!u.isAbsolute() || u.getHost() == null) {
                throw new AuthorizationException(what + " is not an absolute URL: " + s);
            }
            return u;
        } catch (URISyntaxException e) {
            throw new AuthorizationException(what + " is not a URL: " + s, e);
        }
    }

    /** Refuses plain {@code http} except on loopback hosts (or when allowed). */
    void requireSecure(URI u, String what) {
        if (allowInsecure || "https".equalsIgnoreCase(u.getScheme())) {
            return;
        }
        if ("http".equalsIgnoreCase(u.getScheme()) && isLoopback(u.getHost())) {
            return;
        }
        throw new AuthorizationException(what + " " + u + " is not https; refusing to send credentials over it"
                + " (OAuthAuthorizer.Builder.allowInsecureHttp() permits it)");
    }

    /** True for {@code localhost}, 127.0.0.0/8 and {@code ::1}. */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.") || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }
}
