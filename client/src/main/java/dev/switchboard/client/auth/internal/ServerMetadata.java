package dev.switchboard.client.auth.internal;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonObject;

import java.net.URI;
import java.util.List;

/**
 * Authorization server metadata (RFC 8414 or OpenID Connect Discovery), as far as the client uses it.
 *
 * @param location              where it was fetched from
 * @param issuer                {@code issuer}
 * @param authorizationEndpoint {@code authorization_endpoint}, or null
 * @param tokenEndpoint         {@code token_endpoint}
 * @param registrationEndpoint  {@code registration_endpoint}, or null
 * @param scopesSupported       {@code scopes_supported}, empty when absent
 * @param codeChallengeMethods  {@code code_challenge_methods_supported}, empty when absent
 * @param authMethods           {@code token_endpoint_auth_methods_supported}; RFC 8414's default
 *                              {@code client_secret_basic} when absent
 * @param grantTypes            {@code grant_types_supported}; RFC 8414's default (code, implicit) when absent
 * @param issParameter          {@code authorization_response_iss_parameter_supported} (RFC 9207)
 * @param clientIdMetadataDocuments {@code client_id_metadata_document_supported}
 * @param raw                   the whole document
 */
public record ServerMetadata(URI location, String issuer, URI authorizationEndpoint, URI tokenEndpoint,
                             URI registrationEndpoint, List<String> scopesSupported, List<String> codeChallengeMethods,
                             List<String> authMethods, List<String> grantTypes, boolean issParameter,
                             boolean clientIdMetadataDocuments, JsonObject raw) {
    /**
     * Reads a document.
     *
     * @throws IllegalArgumentException naming the member at fault
     */
    static ServerMetadata of(URI location, JsonObject doc) {
        String issuer = doc.getString("issuer");
        if (issuer == null) {
            throw new IllegalArgumentException("it has no issuer");
        }
        URI token = uri(doc, "token_endpoint");
        if (token == null) {
            throw new IllegalArgumentException("it has no token_endpoint");
        }
        List<String> methods = ResourceMetadata.strings(doc.get("token_endpoint_auth_methods_supported"));
        List<String> grants = ResourceMetadata.strings(doc.get("grant_types_supported"));
        return new ServerMetadata(location, issuer, uri(doc, "authorization_endpoint"), token,
                uri(doc, "registration_endpoint"), ResourceMetadata.strings(doc.get("scopes_supported")),
                ResourceMetadata.strings(doc.get("code_challenge_methods_supported")),
                methods.isEmpty() ? List.of("client_secret_basic") : methods,
                grants.isEmpty() ? List.of("authorization_code", "implicit") : grants,
                flag(doc, "authorization_response_iss_parameter_supported"),
                flag(doc, "client_id_metadata_document_supported"), doc);
    }

    private static URI uri(JsonObject doc, String name) {
        String s = doc.getString(name);
        if (s == null) {
            return null;
        }
        try {
            URI u = new URI(s);
            if (!u.isAbsolute()) {
                throw new IllegalArgumentException(name + " is not an absolute URL: " + s);
            }
            return u;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(name + " is not a URL: " + s, e);
        }
    }

    private static boolean flag(JsonObject doc, String name) {
        Json j = doc.get(name);
        return j instanceof JsonBoolean b && b.value();
    }
}
