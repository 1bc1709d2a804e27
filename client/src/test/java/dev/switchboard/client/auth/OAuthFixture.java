package dev.switchboard.client.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.client.auth.internal.Forms;
import dev.switchboard.client.auth.internal.Pkce;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A protected MCP server (2026-07-28, one tool) and an authorization server on two loopback
 * ports, scripted by the public fields. Records every request as {@code "RS|AS METHOD path?query"},
 * plus registration bodies, authorization queries and token forms.
 */
final class OAuthFixture implements AutoCloseable {
    // ---- the resource server ----
    /** Where the PRM is served (path), or null for nowhere. */
    volatile String prmPath = "/.well-known/oauth-protected-resource/mcp";
    volatile boolean challengeNamesMetadata = true;
    /** The PRM's resource; null means the MCP URL. */
    volatile String prmResource;
    volatile List<String> prmScopes = List.of();
    /** The issuer path of the authorization server the PRM names ("" = the AS origin). */
    volatile String prmIssuerPath = "";
    volatile String challengeScope;
    /** The scope {@code tools/call} needs (403 insufficient_scope without it), or null. */
    volatile String callScope;
    /** Refuse {@code tools/call} with 403 for {@link #callScope} even when the token has it. */
    volatile boolean alwaysForbid;
    final Set<String> revoked = ConcurrentHashMap.newKeySet();

    // ---- the authorization server ----
    /** Issuer paths whose metadata is served at the RFC 8414 location; others only at the OIDC path-appended one. */
    volatile boolean rfc8414 = true;
    volatile String metadataIssuerOverride;
    volatile List<String> asScopes = List.of();
    volatile boolean cimd;
    volatile boolean refreshTokens;
    /** Scope the token endpoint grants regardless of the request, or null to grant what was asked. */
    volatile String grantOnly;

    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<JsonObject> registrations = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> authorizations = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> tokenForms = new CopyOnWriteArrayList<>();
    final List<String> tokenAuthorizations = new CopyOnWriteArrayList<>();

    private final HttpServer rs;
    private final HttpServer as;
    private final Map<String, Set<String>> tokens = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> refresh = new ConcurrentHashMap<>();
    private final AtomicInteger counter = new AtomicInteger();
    private volatile String lastChallenge;
    private volatile Set<String> lastScopes = Set.of();

    OAuthFixture() throws IOException {
        rs = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        as = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        rs.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        as.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        rs.createContext("/", this::resourceServer);
        as.createContext("/", this::authorizationServer);
        rs.start();
        as.start();
    }

    URI mcp() {
        return URI.create(rsOrigin() + "/mcp");
    }

    String rsOrigin() {
        return "http://127.0.0.1:" + rs.getAddress().getPort();
    }

    String issuer(String path) {
        return "http://127.0.0.1:" + as.getAddress().getPort() + path;
    }

    /** The recorded requests of one server ("RS" or "AS"), paths only. */
    List<String> paths(String server) {
        return requests.stream().filter(r -> r.startsWith(server + " ")).map(r -> r.substring(3)).toList();
    }

    @Override
    public void close() {
        rs.stop(0);
        as.stop(0);
    }

    private void resourceServer(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            requests.add("RS " + ex.getRequestMethod() + " " + path);
            if (path.equals(prmPath)) {
                String resource = prmResource != null ? prmResource : mcp().toString();
                StringBuilder doc = new StringBuilder("{\"resource\":\"" + resource + "\",\"authorization_servers\":[\""
                        + issuer(prmIssuerPath) + "\"]");
                if (!prmScopes.isEmpty()) {
                    doc.append(",\"scopes_supported\":").append(strings(prmScopes));
                }
                json(ex, 200, doc.append('}').toString());
                return;
            }
            if (!path.equals("/mcp") || !ex.getRequestMethod().equals("POST")) {
                json(ex, 404, "{}");
                return;
            }
            JsonObject body = (JsonObject) Wire.parse(ex.getRequestBody().readAllBytes());
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
            Set<String> scopes = token == null || revoked.contains(token) ? null : tokens.get(token);
            String metadata = challengeNamesMetadata ? ", resource_metadata=\"" + rsOrigin() + prmPath + "\"" : "";
            if (scopes == null) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\""
                        + (challengeScope == null ? "" : ", scope=\"" + challengeScope + "\"") + metadata);
                json(ex, 401, "{\"error\":\"invalid_token\"}");
                return;
            }
            String method = body.getString("method");
            if ("tools/call".equals(method) && callScope != null && (alwaysForbid || !scopes.contains(callScope))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\""
                        + callScope + "\"" + metadata);
                json(ex, 403, "{\"error\":\"insufficient_scope\"}");
                return;
            }
            String result = switch (method) {
                case "server/discover" -> "{\"resultType\":\"complete\",\"supportedVersions\":[\"2026-07-28\"],"
                        + "\"capabilities\":{\"tools\":{}},\"ttlMs\":0,\"cacheScope\":\"private\"}";
                case "tools/list" -> "{\"resultType\":\"complete\",\"tools\":[{\"name\":\"t\",\"inputSchema\":"
                        + "{\"type\":\"object\"}}],\"ttlMs\":0,\"cacheScope\":\"private\"}";
                default -> "{\"resultType\":\"complete\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}]}";
            };
            json(ex, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + body.get("id") + ",\"result\":" + result + "}");
        }
    }

    private void authorizationServer(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            requests.add("AS " + ex.getRequestMethod() + " " + path);
            String issuerPath = prmIssuerPath;
            String wellKnown8414 = "/.well-known/oauth-authorization-server" + issuerPath;
            String oidc = issuerPath.isEmpty() ? "/.well-known/openid-configuration" : issuerPath + "/.well-known/openid-configuration";
            if (path.equals(rfc8414 ? wellKnown8414 : oidc)) {
                json(ex, 200, metadata(issuerPath));
            } else if (path.endsWith("/register")) {
                JsonObject reg = (JsonObject) Wire.parse(ex.getRequestBody().readAllBytes());
                registrations.add(reg);
                json(ex, 201, "{\"client_id\":\"client" + path.replace("/register", "").replace('/', '-') + "-"
                        + counter.incrementAndGet() + "\"}");
            } else if (path.endsWith("/authorize")) {
                Map<String, String> q = Forms.decode(query);
                authorizations.add(q);
                lastChallenge = q.get("code_challenge");
                lastScopes = q.get("scope") == null ? Set.of() : Set.of(q.get("scope").split(" "));
                ex.getResponseHeaders().set("Location", q.get("redirect_uri") + "?code=c" + counter.incrementAndGet()
                        + "&state=" + Forms.component(q.get("state")) + "&iss=" + Forms.component(issuer(issuerPath)));
                ex.sendResponseHeaders(302, -1);
            } else if (path.endsWith("/token")) {
                Map<String, String> form = Forms.decode(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                tokenForms.add(form);
                tokenAuthorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
                Set<String> scopes;
                if ("refresh_token".equals(form.get("grant_type"))) {
                    scopes = refresh.get(form.get("refresh_token"));
                    if (scopes == null) {
                        json(ex, 400, "{\"error\":\"invalid_grant\"}");
                        return;
                    }
                } else if (!"authorization_code".equals(form.get("grant_type"))) {
                    scopes = form.get("scope") == null ? Set.of() : Set.of(form.get("scope").split(" "));
                } else if (!Pkce.challengeOf(form.getOrDefault("code_verifier", "")).equals(lastChallenge)) {
                    json(ex, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"PKCE\"}");
                    return;
                } else {
                    scopes = grantOnly != null ? Set.of(grantOnly) : lastScopes;
                }
                String token = "tok-" + counter.incrementAndGet();
                tokens.put(token, scopes);
                String refreshToken = refreshTokens ? "ref-" + counter.incrementAndGet() : null;
                if (refreshToken != null) {
                    refresh.put(refreshToken, scopes);
                }
                json(ex, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":3600"
                        + (refreshToken == null ? "" : ",\"refresh_token\":\"" + refreshToken + "\"")
                        + (scopes.isEmpty() ? "" : ",\"scope\":\"" + String.join(" ", scopes) + "\"") + "}");
            } else {
                json(ex, 404, "{}");
            }
        }
    }

    private String metadata(String issuerPath) {
        String base = issuer(issuerPath);
        String issuer = metadataIssuerOverride != null ? metadataIssuerOverride : base;
        return "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + base + "/authorize\",\"token_endpoint\":\""
                + base + "/token\",\"registration_endpoint\":\"" + base + "/register\",\"response_types_supported\":[\"code\"],"
                + "\"code_challenge_methods_supported\":[\"S256\"],\"authorization_response_iss_parameter_supported\":true,"
                + "\"token_endpoint_auth_methods_supported\":[\"none\"]"
                + (asScopes.isEmpty() ? "" : ",\"scopes_supported\":" + strings(asScopes))
                + (cimd ? ",\"client_id_metadata_document_supported\":true" : "") + "}";
    }

    private static String strings(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    private static void json(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    /** Approves at once: fetches the authorization URL and returns the redirect's Location. */
    static final class Headless implements AuthorizationHandler {
        final List<URI> urls = new CopyOnWriteArrayList<>();
        private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();

        @Override
        public URI redirectUri() {
            return URI.create("http://127.0.0.1:1/callback");
        }

        @Override
        public URI authorize(URI url) throws Exception {
            urls.add(url);
            var r = http.send(java.net.http.HttpRequest.newBuilder(url).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
            return URI.create(r.headers().firstValue("Location").orElseThrow());
        }
    }
}
