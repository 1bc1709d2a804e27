package dev.switchboard.client.auth.internal;

import dev.switchboard.client.auth.AuthorizationException;
import dev.switchboard.protocol.json.JsonObject;

/** Dynamic client registration (RFC 7591). */
public final class Registrar {
    private final OAuthHttp http;

    /** Registers over {@code http}. */
    public Registrar(OAuthHttp http) {
        this.http = http;
    }

    /**
     * Registers the client described by {@code metadata} at {@code server}.
     *
     * @throws AuthorizationException when the server has no registration endpoint or refuses
     */
    public Registration register(ServerMetadata server, JsonObject metadata) {
        if (server.registrationEndpoint() == null) {
            throw new AuthorizationException("Authorization server " + server.issuer() + " offers no dynamic client"
                    + " registration and this client has no client_id for it (configure one with"
                    + " OAuthAuthorizer.Builder.client(...), or a client metadata document URL)");
        }
        OAuthHttp.Reply r = http.postJson(server.registrationEndpoint(), metadata);
        JsonObject json = r.json();
        if (!r.ok() || json == null || json.getString("client_id") == null) {
            String error = json == null ? null : json.getString("error");
            String description = json == null ? null : json.getString("error_description");
            throw new AuthorizationException("Client registration at " + server.registrationEndpoint() + " failed with HTTP "
                    + r.status() + (error == null ? ": " + r.snippet() : ": " + error
                    + (description == null ? "" : " (" + description + ")")));
        }
        return new Registration(server.issuer(), json.getString("client_id"), json.getString("client_secret"),
                json.getString("token_endpoint_auth_method"), Registration.How.DYNAMIC);
    }
}
