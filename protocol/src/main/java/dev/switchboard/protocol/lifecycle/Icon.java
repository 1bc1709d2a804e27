package dev.switchboard.protocol.lifecycle;

import dev.switchboard.protocol.internal.Copies;

import java.util.List;
import java.util.Objects;

/**
 * An icon a client may show for a server, tool, prompt or resource.
 *
 * @param src      the image URI ({@code https:} or {@code data:}); required
 * @param mimeType e.g. {@code image/png}, or null
 * @param sizes    sizes such as {@code "48x48"} or {@code "any"}, or null
 * @param theme    {@code "light"} or {@code "dark"}: the background the icon is designed for, or null
 */
public record Icon(String src, String mimeType, List<String> sizes, String theme) {
    /** Validates the required members. */
    public Icon {
        Objects.requireNonNull(src, "src");
        sizes = Copies.list(sizes, "sizes");
    }

    /** An icon with only its source. */
    public static Icon of(String src) {
        return new Icon(src, null, null, null);
    }

    /** An icon with a MIME type and sizes. */
    public static Icon of(String src, String mimeType, String... sizes) {
        return new Icon(src, mimeType, List.of(sizes), null);
    }
}
