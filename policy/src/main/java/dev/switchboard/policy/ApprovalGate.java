package dev.switchboard.policy;

import dev.switchboard.policy.approval.Approval;
import dev.switchboard.policy.approval.Approvals;
import dev.switchboard.policy.approval.Redemption;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.mrtr.InputRequiredResult;
import dev.switchboard.server.Interceptor;
import dev.switchboard.server.RequestContext;


/**
 * The {@code require_approval} path of {@link PolicyInterceptor}, as MRTR rounds:
 *
 * <ol>
 *   <li>First call: an approval is asked for ({@link Approvals#request}) and the client gets an
 *       {@code input_required} result with one URL-mode elicitation (key {@value #INPUT_KEY})
 *       pointing to the approval page, and a signed {@code requestState} naming the approval.</li>
 *   <li>Retry with that state and an {@code accept} answer: the approval is redeemed; only
 *       {@link Redemption#USED} lets the call through, once, with this gate's state and answer
 *       removed from the params. Pending: asked again. Anything else: {@code -31403} saying why.</li>
 *   <li>If the handler itself then asks for input, its {@code requestState} travels inside this
 *       gate's state marked granted, so its later rounds run without a second approval (for the
 *       same principal, target and arguments only).</li>
 * </ol>
 *
 * A client that did not declare URL-mode elicitation gets {@code -32021} naming
 * {@code elicitation.url}; a session-era client gets {@code -31403} explaining that approval needs
 * a 2026-07-28 client.
 */
final class ApprovalGate {
    /** The key of the approval's input request. */
    static final String INPUT_KEY = "dev.switchboard/approval";

    private final Approvals approvals;

    ApprovalGate(Approvals approvals) {
        this.approvals = approvals;
    }

    /**
     * Answers a call the decision says needs approval.
     *
     * @param beforeRun checks run just before the call proceeds (rate limits); may throw
     */
    JsonObject handle(Interceptor.Chain chain, PolicyRequest request, Decision decision, Runnable beforeRun)
            throws Exception {
        JsonObject params = chain.request().params();
        RequestContext ctx = chain.context();
        Approvals.Call call = call(ctx, request, decision);
        JsonObject state = ours(params, () -> call);
        if (state != null && state.get("g") instanceof JsonBoolean g && g.value()) {
            requireSameCall(state, call, decision);
            beforeRun.run();
            return proceed(chain, state.getString("a"), state.getString("i"), call);
        }
        if (state != null) {
            String id = state.getString("a");
            String action = answer(params);
            if (action == null) {
                Approval pending = approvals.find(id);
                return pending == null ? refuse(decision, Redemption.EXPIRED) : ask(pending, decision, false);
            }
            if (!"accept".equals(action)) {
                throw new McpException(ErrorCode.FORBIDDEN, decision.reason() + "; the call was not approved (the client "
                        + "answered " + action + ")", PolicyInterceptor.errorData(decision).with("approval", Json.of(action)));
            }
            if (approvals.peek(id, call) == Redemption.USED) {
                beforeRun.run(); // before redeeming: a call refused by a rate limit keeps its approval for later
            }
            Redemption r = approvals.redeem(id, call);
            return switch (r) {
                case USED -> proceed(chain, id, null, call);
                case PENDING -> ask(approvals.find(id), decision, true);
                default -> refuse(decision, r);
            };
        }
        requireUrlElicitation(ctx, decision);
        return ask(approvals.request(call), decision, false);
    }

    /**
     * This gate's state in {@code params}, or null when there is none (or the state is another
     * layer's, which the dispatcher will check).
     *
     * @throws McpException -32602 when the state is this gate's but forged, altered, expired or another principal's
     */
    JsonObject ours(JsonObject params, java.util.function.Supplier<Approvals.Call> callOf) {
        if (!(params.get("requestState") instanceof JsonString s) || !Approvals.isStateToken(s.value())) {
            return null; // most calls: callOf (which builds strings) is asked only when there is a state to check
        }
        Approvals.Call call = callOf.get();
        JsonObject state;
        try {
            state = approvals.openState(s.value());
        } catch (IllegalArgumentException e) {
            throw invalidState(call, e.getMessage() + ". Call again without requestState.");
        }
        if (!call.principalKey().equals(state.getString("p"))) {
            throw invalidState(call, "it was issued to another principal");
        }
        return state;
    }

    /** The approval layer's view of the call {@code request} that {@code decision} decided. */
    static Approvals.Call call(RequestContext ctx, PolicyRequest request, Decision decision) {
        return new Approvals.Call(ctx.principal().key(), ctx.principal().describe(), ctx.principal().issuer(),
                ctx.principal().subject(), request.server(),
                request.method(), request.target(), request.args(), decision.ruleId(), decision.reason(), decision.bundleHash(),
                decision.approvers());
    }

    /** The -32602 for a forged, altered, expired, foreign or misapplied state, once the listener has heard of it. */
    private McpException invalidState(Approvals.Call call, String problem) {
        approvals.stateRefused(call, problem);
        return McpException.invalidParams("Invalid requestState: " + problem);
    }

    /**
     * Proceeds with this gate's state and answer taken out of the params (the inner layer's state
     * put back), for a call that no longer needs approval (the bundle changed meanwhile).
     */
    JsonObject unwrap(Interceptor.Chain chain, JsonObject state) throws Exception {
        return chain.proceed(new Request(chain.request().id(), chain.request().method(),
                stripped(chain.request().params(), state.getString("i"))));
    }

    private JsonObject proceed(Interceptor.Chain chain, String id, String inner, Approvals.Call call) throws Exception {
        JsonObject result = chain.proceed(new Request(chain.request().id(), chain.request().method(),
                stripped(chain.request().params(), inner)));
        if (!"input_required".equals(result.getString("resultType"))) {
            return result;
        }
        // The handler asks for input: its later rounds carry the grant, so they are not asked to approve again.
        JsonObject.Builder grant = JsonObject.builder().put("g", true).put("a", id).put("p", call.principalKey())
                .put("m", call.method()).put("t", call.target()).put("h", approvals.hashArguments(call.args()));
        if (result.getString("requestState") != null) {
            grant.put("i", result.getString("requestState"));
        }
        return result.with("requestState", Json.of(approvals.signState(grant.build(), approvals.ttl())));
    }

    private static JsonObject stripped(JsonObject params, String inner) {
        JsonObject p = inner == null ? params.without("requestState") : params.with("requestState", Json.of(inner));
        JsonObject answers = p.getObject("inputResponses");
        if (answers != null) {
            answers = answers.without(INPUT_KEY);
            p = answers.isEmpty() ? p.without("inputResponses") : p.with("inputResponses", answers);
        }
        return p;
    }

    private void requireSameCall(JsonObject state, Approvals.Call call, Decision decision) {
        if (!call.method().equals(state.getString("m")) || !call.target().equals(state.getString("t"))) {
            throw invalidState(call, "it was issued for another call");
        }
        if (!approvals.hashArguments(call.args()).equals(state.getString("h"))) {
            refuse(decision, Redemption.ARGUMENTS_CHANGED);
        }
    }

    private JsonObject ask(Approval a, Decision decision, boolean again) {
        String message = (again ? "Still waiting for a person to approve " : "A person must approve ")
                + a.method().replace("tools/call", "the call to").replace("prompts/get", "getting prompt")
                .replace("resources/read", "reading") + " " + a.target() + " (" + a.reason()
                + "). Open the approval page, decide, then continue.";
        String state = approvals.signState(JsonObject.builder().put("a", a.id()).put("p", a.principalKey()).build(),
                approvals.ttl());
        InputRequest elicit = InputRequest.elicit(ElicitRequest.url(message, approvals.pageUrl(a).toString()));
        return Codec.encode(InputRequiredResult.of(INPUT_KEY, elicit, state));
    }

    private static JsonObject refuse(Decision decision, Redemption r) {
        throw new McpException(ErrorCode.FORBIDDEN, decision.reason() + "; not run: " + r.explanation(),
                PolicyInterceptor.errorData(decision).with("approval", Json.of(r.wireName())));
    }

    /** The action of this gate's answer ({@code accept}, {@code decline}, {@code cancel}), or null when absent. */
    private static String answer(JsonObject params) {
        JsonObject answers = params.getObject("inputResponses");
        Json answer = answers == null ? null : answers.get(INPUT_KEY);
        if (answer == null) {
            return null;
        }
        String action = answer instanceof JsonObject o ? o.getString("action") : null;
        if (!"accept".equals(action) && !"decline".equals(action) && !"cancel".equals(action)) {
            throw McpException.invalidParams("params.inputResponses." + INPUT_KEY
                    + " must be an elicitation result with action accept, decline or cancel");
        }
        return action;
    }

    private static void requireUrlElicitation(RequestContext ctx, Decision decision) {
        if (!ProtocolVersion.isModern(ctx.protocolVersion())) {
            throw new McpException(ErrorCode.FORBIDDEN, decision.reason() + "; approval is asked through an approval page "
                    + "(URL-mode elicitation in MCP 2026-07-28), which this client's protocol revision "
                    + ctx.protocolVersion() + " cannot carry: use a 2026-07-28 client, or have an operator change the policy",
                    PolicyInterceptor.errorData(decision).with("approval", Json.of("unsupported_client")));
        }
        if (!ctx.clientCapabilities().hasElicitationUrl()) {
            throw new McpException(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY, decision.reason()
                    + "; a person approves it on an approval page, which this client cannot open: declare URL-mode "
                    + "elicitation (clientCapabilities.elicitation.url) and retry",
                    JsonObject.of("requiredCapabilities", JsonObject.of("elicitation", JsonObject.of("url", JsonObject.EMPTY))));
        }
    }

}
