package dev.switchboard.protocol.lifecycle;

import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * Name and version of an MCP implementation: {@code clientInfo} and {@code serverInfo}. In
 * 2026-07-28 these travel in {@code _meta} ({@code io.modelcontextprotocol/clientInfo} and
 * {@code io.modelcontextprotocol/serverInfo}); they are self-reported and never a basis for
 * security decisions.
 *
 * @param name        programmatic name; required
 * @param version     version string; required
 * @param title       display name, or null
 * @param description one-line description, or null
 * @param icons       icons, or null
 * @param websiteUrl  home page, or null
 * @param meta        {@code _meta}, or null
 */
public record Implementation(String name, String version, String title, String description,
                             List<Icon> icons, String websiteUrl, JsonObject meta) {
    /** Validates the required members. */
    public Implementation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        icons = Copies.list(icons, "icons");
    }

    /** Just a name and a version. */
    public static Implementation of(String name, String version) {
        return new Implementation(name, version, null, null, null, null, null);
    }
}
