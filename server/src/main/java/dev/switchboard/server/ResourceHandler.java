package dev.switchboard.server;

import dev.switchboard.protocol.content.ResourceContents;

import java.util.List;

/**
 * Reads a resource (or any URI of a resource template). The runtime adds the caching hints.
 * Throw {@link ResourceNotFoundException} when the URI names nothing.
 */
@FunctionalInterface
public interface ResourceHandler {

    /** Reads the resource; the list must not be empty. */
    Outcome<List<ResourceContents>> read(ResourceRead read) throws Exception;

    /** Adapts a handler that always completes. */
    static ResourceHandler of(Simple handler) {
        return read -> Outcome.complete(handler.read(read));
    }

    /** A handler without input rounds. */
    @FunctionalInterface
    interface Simple {
        /** Reads the resource. */
        List<ResourceContents> read(ResourceRead read) throws Exception;
    }
}
