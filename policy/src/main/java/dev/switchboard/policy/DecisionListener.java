package dev.switchboard.policy;

import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.server.RequestContext;

/**
 * Receives every decision {@link PolicyInterceptor} makes, with what it was about: the audit log's
 * input ({@link dev.switchboard.policy.audit.Auditor}), metrics, tests. A refusal (deny, approval
 * asked, rate limit) is heard before the call is refused; an allowed call is heard once it has run
 * ({@link #ran}), with its outcome, before its answer is sent.
 *
 * <p>Runs on the request's thread, so it should not block for long. Throwing refuses the call
 * (the exception reaches the client as the interceptor's error): an auditor that cannot record an
 * allowed call uses this to fail closed.
 */
@FunctionalInterface
public interface DecisionListener {

    /**
     * Called once per enforced call that does not run now (denied, or waiting for approval); for an
     * allowed call, by default, when it has run.
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

    /**
     * Called before an allowed call runs: throwing refuses it (an auditor whose log is failing
     * refuses rather than let a call run that it may not be able to record).
     */
    default void admitting(PolicyRequest request, RequestContext context, Decision decision) {
    }

    /**
     * Called once an allowed call has run (or failed), before its answer is sent: the decision's one
     * hearing, with {@code outcome}. Throwing withholds the answer (the exception reaches the client
     * instead): an auditor that could not make the record durable uses this. By default heard as
     * {@link #decided}.
     */
    default void ran(PolicyRequest request, RequestContext context, Decision decision, Outcome outcome) {
        decided(request, context, decision);
    }
}
