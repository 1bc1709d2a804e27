package dev.switchboard.policy;

import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.server.RequestContext;

/**
 * Receives every decision {@link PolicyInterceptor} makes, with what it was about, before the call
 * proceeds or is refused: the audit log's input ({@link dev.switchboard.policy.audit.Auditor}),
 * metrics, tests.
 *
 * <p>Runs on the request's thread, so it should not block for long. Throwing refuses the call
 * (the exception reaches the client as the interceptor's error): an auditor that cannot record an
 * allowed call uses this to fail closed.
 */
@FunctionalInterface
public interface DecisionListener {

    /**
     * Called once per enforced call.
     *
     * @param request  what was decided on (principal, server, method, target, arguments)
     * @param context  the request's context (its id, protocol version)
     * @param decision the decision
     */
    void decided(PolicyRequest request, RequestContext context, Decision decision);

    /**
     * Called instead of {@link #decided} when {@code decision} allowed the call but one of its
     * rate limits had no room: the call is refused with {@code refusal} (-31429). By default it is
     * heard as the decision itself.
     */
    default void rateLimited(PolicyRequest request, RequestContext context, Decision decision, McpException refusal) {
        decided(request, context, decision);
    }
}
