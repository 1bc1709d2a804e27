package dev.switchboard.policy;

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
}
