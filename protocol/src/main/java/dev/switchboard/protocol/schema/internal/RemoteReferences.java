package dev.switchboard.protocol.schema.internal;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Finds a reference in a schema to a document outside it, before the schema engine sees it: a
 * {@code $ref}/{@code $dynamicRef} that resolves (against the {@code $id}s around it) to anything
 * but this schema or a resource it embeds, or a {@code $schema} other than a JSON Schema dialect.
 * Such schemas are refused instead of compiled, so a tool's schema can never make the process
 * fetch a URL (an attacker's upstream could otherwise aim it at internal addresses).
 */
final class RemoteReferences {
    private RemoteReferences() {
    }

    /** A description of the first reference to another document, or null when every reference is local. */
    static String find(JsonObject schema) {
        Set<URI> embedded = new HashSet<>();
        collectIds(schema, null, embedded);
        return find(schema, null, embedded);
    }

    private static void collectIds(Json json, URI base, Set<URI> ids) {
        if (json instanceof JsonObject o) {
            URI here = base;
            if (o.get("$id") instanceof JsonString id) {
                here = resolve(base, id.value());
                if (here != null) {
                    ids.add(withoutFragment(here));
                }
            }
            for (Json member : o.members().values()) {
                collectIds(member, here, ids);
            }
        } else if (json instanceof JsonArray a) {
            for (Json value : a.values()) {
                collectIds(value, base, ids);
            }
        }
    }

    private static String find(Json json, URI base, Set<URI> embedded) {
        if (json instanceof JsonArray a) {
            for (Json value : a.values()) {
                String found = find(value, base, embedded);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (!(json instanceof JsonObject o)) {
            return null;
        }
        URI here = base;
        if (o.get("$id") instanceof JsonString id) {
            here = resolve(base, id.value());
        }
        if (o.get("$schema") instanceof JsonString dialect && !isDialect(dialect.value())) {
            return "$schema \"" + dialect.value() + "\" (only the JSON Schema dialects are known)";
        }
        for (String keyword : new String[] {"$ref", "$dynamicRef"}) {
            if (o.get(keyword) instanceof JsonString ref && !isLocal(here, ref.value(), embedded)) {
                return keyword + " \"" + ref.value() + "\"";
            }
        }
        for (Map.Entry<String, Json> member : o.members().entrySet()) {
            if (member.getKey().equals("enum") || member.getKey().equals("const") || member.getKey().equals("examples")
                    || member.getKey().equals("default")) {
                continue; // values, not schemas
            }
            String found = find(member.getValue(), here, embedded);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static boolean isLocal(URI base, String ref, Set<URI> embedded) {
        if (ref.startsWith("#")) {
            return true;
        }
        URI target = resolve(base, ref);
        return target != null && embedded.contains(withoutFragment(target));
    }

    private static boolean isDialect(String uri) {
        return uri.matches("https?://json-schema\\.org/[A-Za-z0-9/_.-]*schema#?");
    }

    private static URI resolve(URI base, String reference) {
        try {
            URI ref = new URI(reference);
            return base == null ? ref : base.resolve(ref);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static URI withoutFragment(URI uri) {
        try {
            return new URI(uri.getScheme(), uri.getSchemeSpecificPart(), null);
        } catch (URISyntaxException e) {
            return uri;
        }
    }
}
