package dev.switchboard.cli;

import dev.switchboard.client.auth.AuthorizationException;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Enterprise-managed authorization (SEP-990), the identity provider's half: an RFC 8693 token
 * exchange of the user's ID token for an identity assertion grant (ID-JAG) addressed to the MCP
 * server's authorization server, which the client then redeems there as a JWT bearer grant.
 */
final class IdentityAssertion {
    private IdentityAssertion() {
    }

    /** Exchanges {@code idToken} at {@code idpTokenEndpoint} for an ID-JAG for {@code audience} and {@code resource}. */
    static String exchange(URI idpTokenEndpoint, String idToken, String idpClientId, String audience, String resource)
            throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        form.put("requested_token_type", "urn:ietf:params:oauth:token-type:id-jag");
        form.put("subject_token", idToken);
        form.put("subject_token_type", "urn:ietf:params:oauth:token-type:id_token");
        form.put("audience", audience);
        form.put("resource", resource);
        if (idpClientId != null) {
            form.put("client_id", idpClientId);
        }
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(idpTokenEndpoint).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            JsonObject json = r.body().isEmpty() ? null : Wire.parse(r.body()) instanceof JsonObject o ? o : null;
            String jag = json == null ? null : json.getString("access_token");
            if (r.statusCode() != 200 || jag == null) {
                throw new AuthorizationException("The token exchange at " + idpTokenEndpoint + " failed with HTTP "
                        + r.statusCode() + ": " + r.body());
            }
            return jag;
        }
    }
}
