package dev.switchboard.protocol.completion;

import java.util.Objects;

/**
 * A resource template whose variable is being completed ({@code "type":"ref/resource"}).
 *
 * @param uri the URI template; required
 */
public record ResourceTemplateReference(String uri) implements Reference {
    /** Validates the required members. */
    public ResourceTemplateReference {
        Objects.requireNonNull(uri, "uri");
    }
}
