package dev.switchboard.policy;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.server.Principal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Test helpers: bundle files from text, principals, requests. */
final class Bundles {
    private Bundles() {
    }

    /** Writes {@code yaml} to {@code dir/name} and returns the path. */
    static Path write(Path dir, String name, String yaml) {
        try {
            return Files.writeString(dir.resolve(name), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads {@code yaml} as a bundle file {@code dir/bundle.yaml}. */
    static PolicyBundle load(Path dir, String yaml) {
        return PolicyBundle.load(write(dir, "bundle.yaml", yaml));
    }

    /** A user with scopes, calling directly. */
    static Principal user(String subject, String... scopes) {
        return Principal.user("https://idp.example", subject, Set.of(scopes));
    }

    /** {@code actors} (immediate caller first) acting for {@code subject}. */
    static Principal delegated(String subject, String... actors) {
        return new Principal("https://idp.example", subject, List.of(actors), Set.of());
    }

    /** A tools/call on server {@code files}. */
    static PolicyRequest call(Principal p, String tool, String argsJson) {
        return PolicyRequest.toolCall(p, "files", tool, (JsonObject) Wire.parse(argsJson));
    }
}
