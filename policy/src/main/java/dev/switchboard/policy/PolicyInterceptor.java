package dev.switchboard.policy;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.server.Interceptor;
import dev.switchboard.server.RequestContext;
import dev.switchboard.state.embedded.InMemoryStore;
import dev.switchboard.state.kv.Counters;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Enforces the engine's decisions on {@code tools/call}, {@code prompts/get} and
 * {@code resources/read}, and filters {@code tools/list}, {@code prompts/list} and
 * {@code resources/list} down to what the principal may call ({@link PolicyBundle#mayCall}).
 * A filtered list is marked {@code cacheScope: "private"}: another principal may see another list.
 * Calls are enforced whatever was listed, so a hidden tool called by name is denied.
 *
 * <p>Deny is answered with {@code -31403} ({@link ErrorCode#FORBIDDEN}) naming the rule; its
 * {@code data} holds the rule, decision and bundle hash. Require_approval asks a person through
 * MRTR when {@link Builder#approvals approvals} are configured (a URL-mode elicitation to the
 * approval page; see {@link ApprovalGate}) and is answered {@code -31403} otherwise. Each decision
 * goes to the {@link DecisionListener} (the audit log's input): a refusal before it is answered, an
 * allowed call once it has run, with its {@link Outcome}, before its answer is sent; if the listener
 * throws, the call is refused (or its answer withheld) with its exception. A call that goes ahead is first
 * counted against the matched rules' {@link Limit}s ({@link Builder#counters}); over one, it is
 * refused with {@code -31429} and {@code data.retryAfterMs}.
 *
 * <pre>{@code
 * PolicyInterceptor policy = PolicyInterceptor.builder(engine, "payments")
 *         .decisions(auditor)
 *         .approvals(Approvals.builder(store, counters, secret, () -> pageUrl).listener(auditor).build())
 *         .build();
 * }</pre>
 */
public final class PolicyInterceptor implements Interceptor {
    /** What a masked result value is replaced with. */
    public static final String REDACTED = "[redacted]";

    private final PolicyEngine engine;
    private final String server;
    private final java.util.function.BiFunction<String, String, String> serverOf;
    private final DecisionListener decisions;
    private final Clock clock;
    private final ApprovalGate approvals;
    private final Limiter limiter;

    /**
     * An interceptor without approvals (require_approval is refused) or limits.
     *
     * @param engine    the engine deciding
     * @param server    this server's name, the {@code server} variable of every rule
     * @param decisions receives every decision (the audit log, metrics); runs on the request's thread
     */
    public PolicyInterceptor(PolicyEngine engine, String server, DecisionListener decisions) {
        this(builder(engine, server).decisions(decisions));
    }

    private PolicyInterceptor(Builder b) {
        this.engine = b.engine;
        this.server = b.server;
        this.serverOf = b.serverOf;
        this.decisions = b.decisions;
        this.clock = b.clock;
        this.approvals = b.approvals == null ? null : new ApprovalGate(b.approvals);
        this.limiter = new Limiter(b.counters, b.clock);
    }

    /**
     * An interceptor enforcing {@code engine}'s decisions as {@code server} (the {@code server}
     * variable of every rule).
     */
    public static Builder builder(PolicyEngine engine, String server) {
        return new Builder(engine, server);
    }

    @Override
    public JsonObject intercept(Chain chain) throws Exception {
        String method = chain.request().method();
        JsonObject params = chain.request().params();
        return switch (method) {
            case Methods.TOOLS_CALL, Methods.PROMPTS_GET -> enforce(chain, method, params.getString("name"),
                    params.getObject("arguments"));
            case Methods.RESOURCES_READ -> enforce(chain, method, params.getString("uri"),
                    params.getString("uri") == null ? null : JsonObject.of("uri", new JsonString(params.getString("uri"))));
            case Methods.TOOLS_LIST -> filter(chain, "tools", "name", Methods.TOOLS_CALL);
            case Methods.PROMPTS_LIST -> filter(chain, "prompts", "name", Methods.PROMPTS_GET);
            case Methods.RESOURCES_LIST -> filter(chain, "resources", "uri", Methods.RESOURCES_READ);
            default -> chain.proceed();
        };
    }

    private JsonObject enforce(Chain chain, String method, String target, JsonObject args) throws Exception {
        if (target == null) {
            return chain.proceed(); // malformed: the dispatcher answers with the exact -32602
        }
        PolicyRequest request = request(chain.context(), method, target, args);
        Decision decision = engine.evaluate(request);
        if (decision.allowed()) {
            checkLimits(request, chain.context(), decision); // a limited call's one record says so
        }
        if (!decision.allowed()) {
            decisions.decided(request, chain.context(), decision);
        }
        switch (decision.effect()) {
            case ALLOW -> {
                decisions.admitting(request, chain.context(), decision);
                long start = System.nanoTime();
                JsonObject result;
                try {
                    JsonObject state = approvals == null ? null : approvals.ours(chain.request().params(),
                            () -> ApprovalGate.call(chain.context(), request, decision));
                    result = state == null ? chain.proceed() : approvals.unwrap(chain, state);
                } catch (Exception | Error e) {
                    try {
                        decisions.ran(request, chain.context(), decision, Outcome.failed(e, System.nanoTime() - start));
                    } catch (RuntimeException unrecorded) {
                        e.addSuppressed(unrecorded); // the call's own error is the answer
                    }
                    throw e;
                }
                decisions.ran(request, chain.context(), decision, Outcome.of(result, System.nanoTime() - start));
                return decision.redaction().maskResult(result);
            }
            case REQUIRE_APPROVAL -> {
                if (approvals == null) {
                    throw new McpException(ErrorCode.FORBIDDEN, decision.reason()
                            + " (no approval page is configured here, so the call is refused)", errorData(decision));
                }
                // limits count when an approved call is about to run; a limited one is heard after its require_approval
                return approvals.handle(chain, request, decision, () -> checkLimits(request, chain.context(), decision));
            }
            case DENY -> throw new McpException(ErrorCode.FORBIDDEN, decision.reason(), errorData(decision));
            case REDACT -> throw new IllegalStateException("redact never decides");
        }
        throw new IllegalStateException("unreachable");
    }

    /** Counts the call against {@code decision}'s limits; a -31429 is told to the listener before it is thrown. */
    private void checkLimits(PolicyRequest request, RequestContext context, Decision decision) {
        try {
            limiter.check(request, decision);
        } catch (McpException e) {
            if (e.code() == ErrorCode.RATE_LIMITED) {
                decisions.rateLimited(request, context, decision, e);
            }
            throw e;
        }
    }

    private JsonObject filter(Chain chain, String member, String nameField, String callMethod) throws Exception {
        JsonObject result = chain.proceed();
        if (!(result.get(member) instanceof JsonArray items)) {
            return result;
        }
        List<Json> kept = new ArrayList<>(items.size());
        for (Json item : items.values()) {
            String name = item instanceof JsonObject o ? o.getString(nameField) : null;
            if (name != null && engine.mayCall(request(chain.context(), callMethod, name, null))) {
                kept.add(item);
            }
        }
        JsonObject filtered = result.with(member, new JsonArray(kept));
        // Only a result that carries caching hints gets the private scope; older revisions have none.
        return result.has("cacheScope") || result.has("ttlMs")
                ? filtered.with("cacheScope", new JsonString(CacheScope.PRIVATE.wire())) : filtered;
    }

    private PolicyRequest request(RequestContext ctx, String method, String target, JsonObject args) {
        String attributed = serverOf.apply(method, target);
        return new PolicyRequest(ctx.principal(), attributed != null ? attributed : server, method, target, args, clock.instant(),
                ctx.clientAddress(), ctx.protocolVersion());
    }

    static JsonObject errorData(Decision d) {
        JsonObject.Builder b = JsonObject.builder().put("decision", d.effect().wireName()).put("bundle", d.bundleHash());
        if (d.ruleId() != null) {
            b.put("rule", d.ruleId());
        }
        return b.build();
    }

    /** Settings of a {@link PolicyInterceptor}. */
    public static final class Builder {
        private final PolicyEngine engine;
        private final String server;
        private java.util.function.BiFunction<String, String, String> serverOf = (method, target) -> null;
        private DecisionListener decisions = (request, context, decision) -> { };
        private dev.switchboard.policy.approval.Approvals approvals;
        private Counters counters = new InMemoryStore();
        private Clock clock = Clock.systemUTC();

        private Builder(PolicyEngine engine, String server) {
            this.engine = Objects.requireNonNull(engine, "engine");
            this.server = Objects.requireNonNull(server, "server");
        }

        /** Receives every decision (the audit log, metrics); runs on the request's thread. Default: none. */
        public Builder decisions(DecisionListener decisions) {
            this.decisions = Objects.requireNonNull(decisions, "decisions");
            return this;
        }

        /**
         * Asks a person when a rule requires approval, through these approvals and their page.
         * Without, require_approval is refused with {@code -31403}.
         */
        public Builder approvals(dev.switchboard.policy.approval.Approvals approvals) {
            this.approvals = Objects.requireNonNull(approvals, "approvals");
            return this;
        }

        /**
         * Where rules' {@code limit} obligations are counted: the deployment's shared counters, so
         * a limit holds across every instance. Default: counters in this process only.
         */
        public Builder counters(Counters counters) {
            this.counters = Objects.requireNonNull(counters, "counters");
            return this;
        }

        /**
         * Which server a target belongs to when this endpoint serves several (a gateway's upstreams):
         * {@code (method, target) -> name}, e.g. {@code ("tools/call", "files__read") -> "files"}, or
         * null for the interceptor's own {@code server}. Rules see it as {@code server}, records carry it.
         */
        public Builder serverOf(java.util.function.BiFunction<String, String, String> serverOf) {
            this.serverOf = Objects.requireNonNull(serverOf, "serverOf");
            return this;
        }

        /** The clock rules read {@code now} from and limits count windows by (tests). */
        Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The interceptor. */
        public PolicyInterceptor build() {
            return new PolicyInterceptor(this);
        }
    }
}
