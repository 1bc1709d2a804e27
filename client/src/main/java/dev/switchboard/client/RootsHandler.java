package dev.switchboard.client;

import dev.switchboard.protocol.roots.ListRootsRequest;
import dev.switchboard.protocol.roots.ListRootsResult;

/**
 * Answers a server's {@code roots/list}: the file-system roots the client exposes. Runs on the
 * calling thread. Registering a handler declares the {@code roots} capability (see
 * {@link ElicitationHandler} for how the two eras deliver the request).
 */
@FunctionalInterface
public interface RootsHandler {
    /**
     * Lists the roots.
     *
     * @param request the (empty) request params
     * @return the roots
     * @throws Exception to fail the call (modern) or answer the server with an error (session era)
     */
    ListRootsResult listRoots(ListRootsRequest request) throws Exception;
}
