package dev.switchboard.policy.audit;

import dev.switchboard.server.Principal;

import java.time.Instant;
import java.util.Objects;

/**
 * A request refused before policy saw it: no or a bad credential (401), or a credential without
 * the scope the call needs (403). What the transport knows of the request at that point.
 *
 * @param principal     who was refused, or null when the credential identified nobody (401)
 * @param server        this server's name
 * @param method        the JSON-RPC method, or null when not known yet (a 401 before the body is read
 *                      and without an {@code Mcp-Method} header)
 * @param target        the tool, prompt or resource named ({@code Mcp-Name}), or null
 * @param requestId     the JSON-RPC id, or null when the body was not read
 * @param status        401 (unauthenticated) or 403 (forbidden)
 * @param reason        the message the client was given
 * @param remoteAddress the client's address, or null when the transport does not say
 * @param time          when the request was refused
 */
public record Refusal(Principal principal, String server, String method, String target, String requestId, int status,
                      String reason, String remoteAddress, Instant time) {
    public Refusal {
        Objects.requireNonNull(server, "server");
        if (status != 401 && status != 403) {
            throw new IllegalArgumentException("a refusal is 401 or 403, got " + status);
        }
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(time, "time");
    }
}
