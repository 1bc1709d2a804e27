package dev.switchboard.policy;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.server.Principal;

import java.time.Instant;
import java.util.Objects;

/**
 * What a decision is about: who calls what, where, with which arguments.
 *
 * @param principal       who calls (the user, the agents acting for them, the scopes)
 * @param server          the server the call is for (a gateway passes the upstream's name)
 * @param method          {@code tools/call}, {@code prompts/get} or {@code resources/read}
 * @param target          the tool name, prompt name or resource URI
 * @param args            the call's arguments ({@code {"uri": …}} for a resource read); empty when none
 * @param time            when the call arrived
 * @param clientAddress   the client's network address, or empty when the transport does not say
 * @param protocolVersion the request's protocol revision, or empty
 */
public record PolicyRequest(Principal principal, String server, String method, String target, JsonObject args,
                            Instant time, String clientAddress, String protocolVersion) {
    public PolicyRequest {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        args = args == null ? JsonObject.EMPTY : args;
        Objects.requireNonNull(time, "time");
        clientAddress = clientAddress == null ? "" : clientAddress;
        protocolVersion = protocolVersion == null ? "" : protocolVersion;
    }

    /** A {@code tools/call} now, with no client address or protocol version: for tests and the CLI. */
    public static PolicyRequest toolCall(Principal principal, String server, String tool, JsonObject args) {
        return new PolicyRequest(principal, server, "tools/call", tool, args, Instant.now(), "", "");
    }
}
