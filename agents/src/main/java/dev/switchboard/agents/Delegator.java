package dev.switchboard.agents;

import dev.switchboard.agents.internal.DelegationTokens;
import dev.switchboard.agents.internal.Suspension;
import dev.switchboard.client.CallOptions;
import dev.switchboard.client.ClientConnections;
import dev.switchboard.client.Era;
import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.McpClient;
import dev.switchboard.client.McpClientException;
import dev.switchboard.client.TaskWatch;
import dev.switchboard.client.ToolCallOutcome;
import dev.switchboard.client.auth.AuthChallenge;
import dev.switchboard.client.auth.Authorizer;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.tasks.DetailedTask;
import dev.switchboard.protocol.tasks.TasksExtension;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.server.Principal;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * Calls peers for skills: mints a narrowed token per request, runs the call as a task, and bridges
 * the callee's input requests up to the caller's task and the answers back down.
 */
final class Delegator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Delegator.class.getName());
    private static final Duration FIRST_POLL = Duration.ofMillis(10);
    private static final Duration MAX_POLL = Duration.ofSeconds(1);
    /** The longest poll while changes are pushed: a lost notification costs no more than this. */
    private static final Duration MAX_PUSHED_POLL = Duration.ofSeconds(30);

    private final String self;
    private final Map<String, URI> peers;
    private final DelegationTokens tokens;
    private final Duration tokenLifetime;
    private final ClientConnections connections = ClientConnections.create();

    Delegator(String self, Map<String, URI> peers, DelegationTokens tokens, Duration tokenLifetime) {
        this.self = self;
        this.peers = Map.copyOf(peers);
        this.tokens = tokens;
        this.tokenLifetime = tokenLifetime;
    }

    CallToolResult delegate(SkillContext ctx, String slot, String peer, String tool, JsonObject arguments) {
        URI endpoint = peers.get(peer);
        if (endpoint == null) {
            throw new DelegationException(peer, tool, "is not a peer of " + self + " (known: " + peers.keySet() + ")", null);
        }
        Principal caller = ctx.caller();
        try (McpClient client = client(endpoint, caller, peer, tool)) {
            String calleeTask = ctx.delegation(slot);
            if (calleeTask == null) {
                switch (client.callToolAsTask(CallToolRequest.of(tool, arguments), CallOptions.DEFAULT)) {
                    case ToolCallOutcome.Completed c -> {
                        return c.result();
                    }
                    case ToolCallOutcome.TaskCreated t -> {
                        ctx.delegated(slot, t.task().taskId());
                        LOG.log(System.Logger.Level.DEBUG, () -> self + " delegated " + tool + " to " + peer
                                + " as task " + t.task().taskId());
                        // checkpoint: the runtime stores the callee's task id with our task and runs the skill
                        // again, so an instance that takes the task over waits for that callee instead of
                        // delegating a second time
                        throw new Suspension(Map.of());
                    }
                }
            }
            return await(ctx, client, peer, tool, calleeTask);
        } catch (ErrorResponseException e) {
            throw new DelegationException(peer, tool, "refused: " + e.error().message(), e);
        } catch (McpClientException e) {
            if (cancelled(ctx)) {
                throw new CancellationException("cancelled while delegating to " + peer);
            }
            throw new DelegationException(peer, tool, "failed: " + e.getMessage(), e);
        }
    }

    /**
     * Waits for the callee task, forwarding answers to its input requests, until it ends. The
     * client's push wakes the wait when the task changes ({@link McpClient#watchTask}); while the
     * callee pushes, polling is only the fallback, at the interval it suggests. Without push, polls
     * start at 10 ms and double up to that interval, at most a second.
     */
    private CallToolResult await(SkillContext ctx, McpClient client, String peer, String tool, String calleeTask) {
        try (TaskWatch watch = client.watchTask(calleeTask)) {
            Duration pause = FIRST_POLL;
            while (true) {
                DetailedTask t = poll(ctx, client, peer, calleeTask);
                switch (t.task().status()) {
                    case TasksExtension.COMPLETED -> {
                        return Codec.decode(t.result(), CallToolResult.class, "result");
                    }
                    case TasksExtension.FAILED -> throw new DelegationException(peer, tool, "failed: " + t.error().message(), null);
                    case TasksExtension.CANCELLED -> throw new DelegationException(peer, tool, "was cancelled", null);
                    case TasksExtension.INPUT_REQUIRED -> {
                        forwardOrSuspend(ctx, client, peer, tool, calleeTask, t.inputRequests());
                        pause = FIRST_POLL;
                    }
                    default -> {
                        Duration suggested = t.task().pollIntervalMs() == null ? MAX_POLL
                                : Duration.ofMillis(t.task().pollIntervalMs());
                        sleep(client, calleeTask, watch, watch.pushed() ? min(suggested, MAX_PUSHED_POLL) : pause);
                        pause = min(pause.multipliedBy(2), min(suggested, MAX_POLL));
                    }
                }
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Sends the answers the caller's client gave to the callee's questions; when some are missing,
     * suspends the skill so that its own task asks them, under keys that name peer and callee task.
     */
    private void forwardOrSuspend(SkillContext ctx, McpClient client, String peer, String tool, String calleeTask,
                                  Map<String, InputRequest> asked) {
        Map<String, Json> answers = new LinkedHashMap<>();
        Map<String, InputRequest> missing = new LinkedHashMap<>();
        Map<String, Object> received = ctx.call().responses().answers();
        asked.forEach((key, request) -> {
            String up = peer + "/" + calleeTask + "/" + key;
            Object answer = received.get(up);
            if (answer != null) {
                answers.put(key, Codec.encode(answer));
            } else {
                missing.put(up, request);
            }
        });
        if (!missing.isEmpty()) {
            // while suspended no handler runs to notice a cancel: the task runtime tells us instead
            Principal caller = ctx.caller();
            ctx.call().task().onCancelled(peer + "/" + calleeTask, () -> Thread.ofVirtual().start(() -> {
                try (McpClient c = client(peers.get(peer), caller, peer, tool)) {
                    cancel(c, calleeTask);
                }
            }));
            throw new Suspension(missing);
        }
        client.updateTask(calleeTask, answers);
    }

    private DetailedTask poll(SkillContext ctx, McpClient client, String peer, String calleeTask) {
        if (cancelled(ctx)) {
            cancel(client, calleeTask);
            throw new CancellationException("cancelled while waiting for " + peer);
        }
        return client.getTask(calleeTask);
    }

    /** Waits {@code pause}, or less when the callee task changes. */
    private void sleep(McpClient client, String calleeTask, TaskWatch watch, Duration pause) {
        try {
            watch.awaitChange(pause);
        } catch (InterruptedException e) {
            // the caller's task was cancelled (or lost its lease): the callee's work is moot too
            cancel(client, calleeTask);
            Thread.currentThread().interrupt();
            throw new CancellationException("cancelled while waiting for task " + calleeTask);
        }
    }

    private static boolean cancelled(SkillContext ctx) {
        return Thread.currentThread().isInterrupted() || ctx.call().context().cancellation().isCancelled();
    }

    private static void cancel(McpClient client, String calleeTask) {
        boolean interrupted = Thread.interrupted(); // the cancel request must still go out
        try {
            client.cancelTask(calleeTask);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not cancel delegated task " + calleeTask + ": " + e.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A client of {@code peer} whose every request carries a fresh token for {@code tool} only. */
    private McpClient client(URI endpoint, Principal caller, String peer, String tool) {
        Authorizer minting = new Authorizer() {
            @Override
            public Map<String, String> headers(String httpMethod, URI uri) {
                try {
                    return Map.of("Authorization", "Bearer " + tokens.mint(caller, peer, Set.of(tool), tokenLifetime));
                } catch (DelegationTokens.Refusal e) {
                    throw new DelegationException(peer, tool, e.getMessage(), e);
                }
            }

            @Override
            public boolean onChallenge(AuthChallenge challenge) {
                return false; // a fresh token was already sent: a refusal is final
            }
        };
        return McpClient.builder(endpoint)
                .era(Era.MODERN)
                .connections(connections)
                .clientInfo(Implementation.of("switchboard-agent " + self, "1"))
                .authorizer(minting)
                // declares elicitation, so the peer may ask its questions; they come back as the peer
                // task's input_required and are bridged above. Only a peer that asks synchronously
                // (no task) reaches this handler, and there is nobody to ask in that moment.
                .elicitation(request -> {
                    LOG.log(System.Logger.Level.WARNING, peer + " asked for input outside a task; declined");
                    return ElicitResult.decline();
                }, true, true)
                .build();
    }

    @Override
    public void close() {
        connections.close();
    }
}
