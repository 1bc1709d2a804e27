package dev.switchboard.gateway.internal;

import dev.switchboard.protocol.completion.CompleteRequest;
import dev.switchboard.protocol.completion.CompleteResult;
import dev.switchboard.protocol.completion.PromptReference;
import dev.switchboard.protocol.completion.ResourceTemplateReference;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.prompts.GetPromptRequest;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptArgument;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.resources.ReadResourceRequest;
import dev.switchboard.protocol.resources.ReadResourceResult;
import dev.switchboard.protocol.resources.ResourceTemplate;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.server.CatalogUpdate;
import dev.switchboard.server.CompletionHandler;
import dev.switchboard.server.Outcome;
import dev.switchboard.server.RequestContext;
import dev.switchboard.server.ResourceNotFoundException;
import dev.switchboard.server.ResourceRead;
import dev.switchboard.server.ToolHandler;
import dev.switchboard.server.tasks.TaskPolicy;
import dev.switchboard.protocol.schema.JsonSchema;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@link Federation} into the server's catalog: each definition gets a handler that
 * forwards the request to its upstream under its original name (or URI), with the caller's
 * cancellation and progress carried across. This is the end of the gateway's request pipeline;
 * everything a policy or audit step needs to see has happened in the interceptors before it.
 */
public final class Forwarding {
    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{[+#./;?&]?([^}]+)}");

    private Forwarding() {
    }

    /**
     * What to serve: the catalog update, and the tools among it that the upstream runs as tasks
     * (by served name), which {@link TaskForwarding} forwards as tasks.
     */
    public record Served(CatalogUpdate update, Map<String, TaskForwarding.Route> taskTools) {
    }

    /**
     * The catalog update serving {@code federation} through {@code upstreams} (by name), relaying
     * the upstreams' input requests through {@code relay}, and announcing the lists in
     * {@code announce} as changed (an upstream said so) even if they are not.
     */
    public static Served catalog(Federation federation, Map<String, Upstream> upstreams, InputRelay relay,
                                 Set<UpstreamCatalog.ListKind> announce) {
        CatalogUpdate.Builder b = CatalogUpdate.builder().announceListChanged(announce.contains(UpstreamCatalog.ListKind.TOOLS),
                announce.contains(UpstreamCatalog.ListKind.RESOURCES), announce.contains(UpstreamCatalog.ListKind.PROMPTS));
        Map<String, TaskForwarding.Route> taskTools = new HashMap<>();
        for (Federation.Routed<dev.switchboard.protocol.tools.Tool> t : federation.tools()) {
            Upstream up = upstreams.get(t.upstream());
            String original = t.original();
            // the synchronous path: callers without the Tasks extension, and every call of a non-task tool
            String what = "tools/call \"" + original + "\"";
            // Federation has refused tools whose schemas do not compile
            JsonSchema output = t.presented().outputSchema() == null ? null : JsonSchema.compile(t.presented().outputSchema());
            ToolHandler handler = call -> checked(up, what, output, relay.forward(up, what, CallToolResult.class,
                    (client, answers, state, o) -> client.callToolRound(
                            new CallToolRequest(original, call.arguments(), answers, state, null), o),
                    call.responses(), call.state(), call.context()));
            TaskPolicy policy = TaskForwarding.policy(up, t.presented());
            TaskPolicy hosted = TaskForwarding.hosted(up, t.presented());
            try {
                if (hosted != null) { // the gateway's own task runtime runs the synchronous path
                    b.tool(t.presented(), handler, hosted);
                } else if (policy == null) {
                    b.tool(t.presented(), handler);
                } else {
                    b.tool(t.presented(), handler, policy);
                    taskTools.put(t.presented().name(), new TaskForwarding.Route(t.upstream(), original,
                            JsonSchema.compile(t.presented().inputSchema())));
                }
            } catch (IllegalArgumentException e) { // what Federation does not check itself, e.g. x-mcp-header
                System.getLogger(Forwarding.class.getName()).log(System.Logger.Level.WARNING, "upstream " + t.upstream()
                        + ": refused tool \"" + original + "\": " + e.getMessage());
            }
        }
        for (Federation.Routed<dev.switchboard.protocol.resources.Resource> r : federation.resources()) {
            Upstream up = upstreams.get(r.upstream());
            String original = r.original();
            b.resource(r.presented(), read -> read(relay, up, original, read));
        }
        for (Federation.Routed<ResourceTemplate> t : federation.templates()) {
            Upstream up = upstreams.get(t.upstream());
            String presented = t.presented().uriTemplate();
            String qualifier = presented.substring(0, presented.length() - t.original().length());
            b.resourceTemplate(t.presented(), read -> read(relay, up,
                    read.uri().startsWith(qualifier) ? read.uri().substring(qualifier.length()) : read.uri(), read));
            if (up.catalog().completes()) {
                CompletionHandler h = (ctx, argument, value, arguments) -> complete(up,
                        new ResourceTemplateReference(t.original()), argument, value, arguments, ctx);
                for (String variable : variables(t.original())) {
                    b.resourceCompletion(presented, variable, h);
                }
            }
        }
        for (Federation.Routed<Prompt> p : federation.prompts()) {
            Upstream up = upstreams.get(p.upstream());
            String original = p.original();
            b.prompt(p.presented(), get -> relay.forward(up, "prompts/get \"" + original + "\"", GetPromptResult.class,
                    (client, answers, state, o) -> client.getPromptRound(
                            new GetPromptRequest(original, get.arguments(), answers, state, null), o),
                    get.responses(), get.state(), get.context()));
            if (up.catalog().completes() && p.presented().arguments() != null) {
                CompletionHandler h = (ctx, argument, value, arguments) -> complete(up,
                        new PromptReference(original, null), argument, value, arguments, ctx);
                for (PromptArgument a : p.presented().arguments()) {
                    b.promptCompletion(p.presented().name(), a.name(), h);
                }
            }
        }
        return new Served(b.build(), Map.copyOf(taskTools));
    }

    /**
     * The upstream's result, checked against the tool's {@code outputSchema} here, so that a
     * violation names the upstream (the server would only name the tool).
     */
    private static Outcome<CallToolResult> checked(Upstream up, String what, JsonSchema output, Outcome<CallToolResult> outcome) {
        if (output == null || !(outcome instanceof Outcome.Complete<CallToolResult> c) || Boolean.TRUE.equals(c.result().isError())) {
            return outcome;
        }
        Json structured = c.result().structuredContent();
        List<JsonSchema.Violation> violations = structured == null ? List.of() : output.validate(structured);
        if (structured == null || !violations.isEmpty()) {
            throw new McpException(ErrorCode.UPSTREAM_FAILED, "Upstream " + up.config().name() + " answered " + what
                    + (structured == null ? " without the structuredContent its outputSchema requires"
                    : " with structuredContent that does not match the tool's outputSchema: " + violations.getFirst()),
                    JsonObject.of("upstream", Json.of(up.config().name())));
        }
        return outcome;
    }

    private static Outcome<List<dev.switchboard.protocol.content.ResourceContents>> read(InputRelay relay, Upstream up,
                                                                                       String uri, ResourceRead read) {
        Outcome<ReadResourceResult> result;
        try {
            result = relay.forward(up, "resources/read \"" + uri + "\"", ReadResourceResult.class, (client, answers, state, o) ->
                    client.readResourceRound(new ReadResourceRequest(uri, answers, state, null), o),
                    read.responses(), read.state(), read.context());
        } catch (McpException e) {
            if (e.code() == ErrorCode.RESOURCE_NOT_FOUND || e.code() == ErrorCode.INVALID_PARAMS) {
                throw new ResourceNotFoundException(read.uri()); // the server answers in the caller's era
            }
            throw e;
        }
        return switch (result) {
            case Outcome.Complete<ReadResourceResult> c -> {
                ReadHints.record(CacheHints.of(c.result().ttlMs(), c.result().cacheScope()));
                yield Outcome.complete(c.result().contents());
            }
            case Outcome.InputRequired<ReadResourceResult> ir -> Outcome.inputRequired(ir.requests(), ir.state());
        };
    }

    private static CompleteResult.Completion complete(Upstream up, dev.switchboard.protocol.completion.Reference ref,
                                                      String argument, String value, Map<String, String> arguments,
                                                      RequestContext ctx) {
        CompleteRequest request = new CompleteRequest(ref, new CompleteRequest.Argument(argument, value),
                arguments.isEmpty() ? null : new CompleteRequest.Context(arguments), null);
        return up.call("completion/complete", client -> client.complete(request, CallerChannels.of(ctx))).completion();
    }

    /** The variable names of an RFC 6570 template, e.g. {@code a} and {@code b} of {@code x://{a}/{+b}}. */
    static Set<String> variables(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = TEMPLATE_VARIABLE.matcher(template);
        while (m.find()) {
            for (String v : m.group(1).split(",")) {
                String name = v.strip().replaceAll("(\\*|:\\d+)$", "");
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

}
