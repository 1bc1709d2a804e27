package dev.switchboard.agents;

import dev.switchboard.agents.internal.DelegationTokens;
import dev.switchboard.agents.internal.Suspension;
import dev.switchboard.http.AuthenticationException;
import dev.switchboard.http.Authenticator;
import dev.switchboard.http.BearerChallenge;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.Interceptor;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Outcome;
import dev.switchboard.server.Principal;
import dev.switchboard.server.ToolHandler;
import dev.switchboard.server.tasks.TaskPolicy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An agent: an MCP server (2026-07-28 and the session era, over HTTP) whose skills are tools that
 * always run as tasks, and a client of other agents, its peers.
 *
 * <p>Callers are identified by delegation tokens ({@code Authorization: Bearer}) signed by an
 * issuer the agent trusts; each skill's {@link Rule} decides who may call it, and a delegated
 * caller may call only the skill its token names. When a skill delegates
 * ({@link SkillContext#delegate}), the peer sees the user, this agent, and the agents before it.
 *
 * <pre>{@code
 * Agent compliance = Agent.builder(complianceKey)
 *         .trust(billingKey.publicKey())
 *         .skill(approvePayment, ctx -> approve(ctx), Rule.calledBy("billing"))
 *         .start();
 * }</pre>
 */
public final class Agent implements AutoCloseable {
    private final String id;
    private final McpHttpServer http;
    private final Delegator delegator;

    private Agent(Builder b) throws Exception {
        this.id = b.key.id();
        DelegationTokens tokens = new DelegationTokens(b.key, b.trusted, b.maxDepth, Clock.systemUTC());
        this.delegator = new Delegator(id, b.peers, tokens, b.tokenLifetime);
        McpServer.Builder server = McpServer.builder(id, "1").interceptor(new SkillRules(id, b.rules));
        b.skills.forEach((name, skill) -> server.tool(skill.tool(), run(skill.handler()),
                // idempotent: skills are written to run again from the top, so another instance may take one over
                TaskPolicy.required().idempotent().pollInterval(b.pollInterval)));
        b.server.accept(server);
        try {
            this.http = McpHttpServer.builder(server.build()).host(b.host).port(b.port)
                    .authenticator(authenticator(tokens, b.acceptAnonymous)).start();
        } catch (Exception e) {
            delegator.close();
            throw e;
        }
    }

    /** A builder for the agent that {@code key} identifies (the key must hold its private half). */
    public static Builder builder(AgentKey key) {
        return new Builder(key);
    }

    /** The agent's id. */
    public String id() {
        return id;
    }

    /** Its MCP endpoint. */
    public URI endpoint() {
        return http.endpoint();
    }

    /** Stops serving; tasks in flight are cancelled. */
    @Override
    public void close() {
        try {
            http.close();
        } finally {
            delegator.close();
        }
    }

    private ToolHandler run(SkillHandler handler) {
        return call -> {
            SkillContext ctx = new SkillContext(call, delegator);
            try {
                return Outcome.complete(handler.run(ctx));
            } catch (Suspension s) {
                return Outcome.inputRequired(s.requests(), ctx.state());
            }
        };
    }

    private Authenticator authenticator(DelegationTokens tokens, boolean acceptAnonymous) {
        return request -> {
            String token = request.bearerToken();
            if (token == null) {
                if (acceptAnonymous) {
                    return Principal.ANONYMOUS;
                }
                throw AuthenticationException.unauthorized("Agent " + id + " needs a delegation token from an "
                        + "agent it trusts (Authorization: Bearer <token>)", BearerChallenge.of("realm", id));
            }
            try {
                return tokens.verify(token);
            } catch (DelegationTokens.Refusal r) {
                if (r.forbidden()) {
                    throw AuthenticationException.forbidden("Agent " + id + " refuses the delegation: " + r.getMessage(),
                            BearerChallenge.of("realm", id, "error", "insufficient_scope", "error_description", r.getMessage()));
                }
                throw AuthenticationException.unauthorized("Agent " + id + " refuses the token: " + r.getMessage(),
                        BearerChallenge.of("realm", id, "error", "invalid_token", "error_description", r.getMessage()));
            }
        };
    }

    /** Refuses a skill call its rule does not allow, or that the caller's token does not name. */
    private record SkillRules(String agent, Map<String, Rule> rules) implements Interceptor {
        @Override
        public dev.switchboard.protocol.json.JsonObject intercept(Chain chain) throws Exception {
            if (Methods.TOOLS_CALL.equals(chain.request().method())) {
                String tool = chain.request().params().getString("name");
                Rule rule = rules.get(tool);
                Principal caller = chain.context().principal();
                if (rule != null && !caller.actors().isEmpty() && !caller.scopes().contains(tool)) {
                    throw new McpException(ErrorCode.FORBIDDEN, "Agent " + agent + " refuses " + tool + " for "
                            + caller.describe() + ": the delegation token allows only " + caller.scopes());
                }
                if (rule != null && !rule.allows().test(caller)) {
                    throw new McpException(ErrorCode.FORBIDDEN, "Agent " + agent + " refuses " + tool + " for "
                            + caller.describe() + ": the rule requires " + rule.description());
                }
            }
            return chain.proceed();
        }
    }

    private record Skill(Tool tool, SkillHandler handler) {
    }

    /** Configures and starts an {@link Agent}. */
    public static final class Builder {
        private final AgentKey key;
        private final Map<String, Skill> skills = new LinkedHashMap<>();
        private final Map<String, Rule> rules = new LinkedHashMap<>();
        private final Map<String, URI> peers = new LinkedHashMap<>();
        private final Map<String, AgentKey> trusted = new LinkedHashMap<>();
        private boolean acceptAnonymous;
        private int maxDepth = 4;
        private Duration tokenLifetime = Duration.ofMinutes(2);
        private Duration pollInterval = Duration.ofMillis(250);
        private String host = "127.0.0.1";
        private int port;
        private Consumer<McpServer.Builder> server = b -> { };

        private Builder(AgentKey key) {
            this.key = Objects.requireNonNull(key, "key");
            if (!key.canSign()) {
                throw new IllegalArgumentException("agent " + key.id() + " needs its private key to sign delegations");
            }
        }

        /** A skill: {@code tool} describes it, {@code handler} does it, {@code rule} says who may ask. */
        public Builder skill(Tool tool, SkillHandler handler, Rule rule) {
            Objects.requireNonNull(tool, "tool");
            if (skills.putIfAbsent(tool.name(), new Skill(tool, Objects.requireNonNull(handler, "handler"))) != null) {
                throw new IllegalArgumentException("skill " + tool.name() + " is defined twice");
            }
            rules.put(tool.name(), Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** Another agent this one delegates to, by its id (the audience of the tokens minted for it). */
        public Builder peer(String id, URI endpoint) {
            peers.put(Objects.requireNonNull(id, "id"), Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /** Accepts tokens signed by {@code issuer}: another agent, or an issuer of user tokens. */
        public Builder trust(AgentKey issuer) {
            trusted.put(issuer.id(), issuer.publicKey());
            return this;
        }

        /**
         * Serves callers without a token as {@link Principal#ANONYMOUS} (default off). For an agent
         * that people call directly on a trusted machine, such as the demo's billing agent.
         */
        public Builder acceptAnonymous(boolean accept) {
            this.acceptAnonymous = accept;
            return this;
        }

        /** The longest chain of agents accepted, and minted (default 4). */
        public Builder maxChainDepth(int depth) {
            if (depth < 1) {
                throw new IllegalArgumentException("the chain depth is at least 1");
            }
            this.maxDepth = depth;
            return this;
        }

        /** Lifetime of the tokens this agent mints (default 2 minutes, at most 5). */
        public Builder tokenLifetime(Duration lifetime) {
            this.tokenLifetime = Objects.requireNonNull(lifetime, "lifetime");
            return this;
        }

        /** The poll interval suggested to callers of its skills (default 250 ms). */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** Interface to bind (default 127.0.0.1). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port to bind (default 0: a free one). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Further server settings: shared task store, instance id, key ring, interceptors. */
        public Builder server(Consumer<McpServer.Builder> customizer) {
            this.server = Objects.requireNonNull(customizer, "customizer");
            return this;
        }

        /** Starts serving. */
        public Agent start() throws Exception {
            return new Agent(this);
        }
    }
}
