package dev.switchboard.protocol.elicitation;

import dev.switchboard.protocol.json.JsonObject;

import java.util.Objects;

/**
 * Params of {@code elicitation/create}: ask the user, either through a form the client renders
 * ({@code mode} {@code "form"}, or absent) or by sending them to a URL ({@code "url"}). In
 * 2026-07-28 it travels inside an MRTR input request; sensitive data must use URL mode.
 *
 * @param mode            {@code "form"}, {@code "url"}, or null (meaning form)
 * @param message         what is asked and why, for the user; required
 * @param requestedSchema form mode: a flat object schema of primitive properties (see
 *                        {@link PrimitiveSchemaDefinition}); required in form mode
 * @param url             URL mode: the page to open; required in URL mode
 * @param meta            {@code _meta}, or null
 */
public record ElicitRequest(String mode, String message, JsonObject requestedSchema, String url, JsonObject meta) {
    /** The form mode. */
    public static final String MODE_FORM = "form";
    /** The URL mode. */
    public static final String MODE_URL = "url";

    /** Validates the required members for the mode. */
    public ElicitRequest {
        Objects.requireNonNull(message, "message");
        if (mode == null || MODE_FORM.equals(mode)) {
            Objects.requireNonNull(requestedSchema, "requestedSchema");
        } else if (MODE_URL.equals(mode)) {
            Objects.requireNonNull(url, "url");
        }
    }

    /** A form-mode request. */
    public static ElicitRequest form(String message, JsonObject requestedSchema) {
        return new ElicitRequest(MODE_FORM, message, requestedSchema, null, null);
    }

    /** A URL-mode request. */
    public static ElicitRequest url(String message, String url) {
        return new ElicitRequest(MODE_URL, message, null, url, null);
    }

    /** True for form mode, which is also what an absent {@code mode} means. */
    public boolean isForm() {
        return mode == null || MODE_FORM.equals(mode);
    }

    /** True for URL mode. */
    public boolean isUrl() {
        return MODE_URL.equals(mode);
    }
}
