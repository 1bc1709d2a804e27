package dev.switchboard.client.auth.internal;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 9728 protected resource metadata document, as far as the client uses it.
 *
 * @param location             where it was fetched from
 * @param resource             the {@code resource} exactly as published (sent back verbatim as RFC 8707 {@code resource})
 * @param authorizationServers the issuers, in the document's order
 * @param scopesSupported      {@code scopes_supported}, empty when absent
 */
public record ResourceMetadata(URI location, String resource, List<String> authorizationServers,
                               List<String> scopesSupported) {
    /** Reads a document; null when it lacks {@code resource} or any authorization server. */
    static ResourceMetadata of(URI location, JsonObject doc) {
        String resource = doc.getString("resource");
        List<String> servers = strings(doc.get("authorization_servers"));
        if (resource == null || servers.isEmpty()) {
            return null;
        }
        return new ResourceMetadata(location, resource, servers, strings(doc.get("scopes_supported")));
    }

    /** The strings of a JSON array (other members skipped); empty for anything else. */
    static List<String> strings(Json json) {
        List<String> out = new ArrayList<>();
        if (json instanceof JsonArray a) {
            for (Json j : a.values()) {
                if (j.asString() != null) {
                    out.add(j.asString());
                }
            }
        }
        return List.copyOf(out);
    }
}
