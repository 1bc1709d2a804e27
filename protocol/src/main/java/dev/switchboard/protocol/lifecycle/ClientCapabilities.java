package dev.switchboard.protocol.lifecycle;

import dev.switchboard.protocol.json.JsonObject;

/**
 * What a client can do ({@code io.modelcontextprotocol/clientCapabilities} in every modern
 * request's {@code _meta}, or {@code capabilities} of a session-era {@code initialize}). Each
 * member is an open JSON object: present (even empty) means supported, null means absent.
 *
 * @param roots        {@code roots}: the client answers {@code roots/list}
 * @param sampling     {@code sampling}: the client samples an LLM ({@code tools}, {@code context} inside)
 * @param elicitation  {@code elicitation}: the client asks its user ({@code form}, {@code url} inside)
 * @param extensions   {@code extensions}: extension id to settings
 * @param experimental {@code experimental}: non-standard capabilities
 */
public record ClientCapabilities(JsonObject roots, JsonObject sampling, JsonObject elicitation,
                                 JsonObject extensions, JsonObject experimental) {
    /** No optional capabilities ({@code {}} on the wire). */
    public static final ClientCapabilities EMPTY = new ClientCapabilities(null, null, null, null, null);

    /** True when the client answers {@code roots/list}. */
    public boolean hasRoots() {
        return roots != null;
    }

    /** True when the client can sample. */
    public boolean hasSampling() {
        return sampling != null;
    }

    /** True when the client can sample with tools ({@code sampling.tools} present). */
    public boolean hasSamplingTools() {
        return sampling != null && sampling.has("tools");
    }

    /** True when the client accepts form-mode elicitation: an empty {@code elicitation} means form only. */
    public boolean hasElicitationForm() {
        return elicitation != null && (elicitation.isEmpty() || elicitation.has("form"));
    }

    /** True when the client accepts URL-mode elicitation. */
    public boolean hasElicitationUrl() {
        return elicitation != null && elicitation.has("url");
    }

    /** True when the client declares the extension {@code id}, e.g. {@code io.modelcontextprotocol/tasks}. */
    public boolean hasExtension(String id) {
        return extensions != null && extensions.has(id);
    }
}
