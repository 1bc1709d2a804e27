package dev.switchboard.server.internal;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * A digest of a request's salient params, so {@code requestState} minted for one request is
 * refused on another. Member order is normalised (a client may re-serialise the params) and the
 * members that legitimately change between rounds are left out.
 */
final class ParamsDigest {
    private static final Set<String> VOLATILE = Set.of("_meta", "inputResponses", "requestState");

    private ParamsDigest() {
    }

    static String of(String method, JsonObject params) {
        JsonObject.Builder salient = JsonObject.builder();
        new TreeMap<>(params.members()).forEach((k, v) -> {
            if (!VOLATILE.contains(k)) {
                salient.put(k, canonical(v));
            }
        });
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(method.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(Wire.write(salient.build()));
            byte[] d = md.digest();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(d, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Json canonical(Json json) {
        if (json instanceof JsonObject o) {
            JsonObject.Builder b = JsonObject.builder();
            new TreeMap<>(o.members()).forEach((k, v) -> b.put(k, canonical(v)));
            return b.build();
        }
        if (json instanceof JsonArray a) {
            List<Json> out = new ArrayList<>(a.size());
            a.values().forEach(v -> out.add(canonical(v)));
            return new JsonArray(out);
        }
        return json;
    }
}
