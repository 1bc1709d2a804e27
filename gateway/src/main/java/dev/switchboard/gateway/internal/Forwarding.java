package dev.switchboard.gateway.internal;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.CancellationToken;
import dev.switchboard.protocol.completion.CompleteRequest;
import dev.switchboard.protocol.completion.CompleteResult;
import dev.switchboard.protocol.completion.PromptReference;
import dev.switchboard.protocol.completion.ResourceTemplateReference;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.prompts.GetPromptRequest;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptArgument;
import dev.switchboard.protocol.resources.ReadResourceRequest;
import dev.switchboard.protocol.resources.ReadResourceResult;
import dev.switchboard.protocol.resources.ResourceTemplate;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.server.CatalogUpdate;
import dev.switchboard.server.CompletionHandler;
import dev.switchboard.server.Outcome;
import dev.switchboard.server.RequestContext;
import dev.switchboard.server.ResourceNotFoundException;

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

    /** The catalog update serving {@code federation} through {@code upstreams} (by name). */
    public static CatalogUpdate catalog(Federation federation, Map<String, Upstream> upstreams) {
        CatalogUpdate.Builder b = CatalogUpdate.builder();
        for (Federation.Routed<dev.switchboard.protocol.tools.Tool> t : federation.tools()) {
            Upstream up = upstreams.get(t.upstream());
            String original = t.original();
            try {
                b.tool(t.presented(), call -> Outcome.complete(up.call("tools/call \"" + original + "\"",
                        client -> client.callTool(new CallToolRequest(original, call.arguments(), null, null, null),
                                options(call.context())))));
            } catch (IllegalArgumentException e) { // what Federation does not check itself, e.g. x-mcp-header
                System.getLogger(Forwarding.class.getName()).log(System.Logger.Level.WARNING, "upstream " + t.upstream()
                        + ": refused tool \"" + original + "\": " + e.getMessage());
            }
        }
        for (Federation.Routed<dev.switchboard.protocol.resources.Resource> r : federation.resources()) {
            Upstream up = upstreams.get(r.upstream());
            String original = r.original();
            b.resource(r.presented(), read -> Outcome.complete(read(up, original, read.uri(), read.context())));
        }
        for (Federation.Routed<ResourceTemplate> t : federation.templates()) {
            Upstream up = upstreams.get(t.upstream());
            String presented = t.presented().uriTemplate();
            String qualifier = presented.substring(0, presented.length() - t.original().length());
            b.resourceTemplate(t.presented(), read -> Outcome.complete(read(up,
                    read.uri().startsWith(qualifier) ? read.uri().substring(qualifier.length()) : read.uri(),
                    read.uri(), read.context())));
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
            b.prompt(p.presented(), get -> Outcome.complete(up.call("prompts/get \"" + original + "\"",
                    client -> client.getPrompt(new GetPromptRequest(original, get.arguments(), null, null, null),
                            options(get.context())))));
            if (up.catalog().completes() && p.presented().arguments() != null) {
                CompletionHandler h = (ctx, argument, value, arguments) -> complete(up,
                        new PromptReference(original, null), argument, value, arguments, ctx);
                for (PromptArgument a : p.presented().arguments()) {
                    b.promptCompletion(p.presented().name(), a.name(), h);
                }
            }
        }
        return b.build();
    }

    private static List<dev.switchboard.protocol.content.ResourceContents> read(Upstream up, String uri, String asked,
                                                                              RequestContext ctx) {
        ReadResourceResult result;
        try {
            result = up.call("resources/read \"" + uri + "\"",
                    client -> client.readResource(new ReadResourceRequest(uri, null, null, null), options(ctx)));
        } catch (McpException e) {
            if (e.code() == ErrorCode.RESOURCE_NOT_FOUND || e.code() == ErrorCode.INVALID_PARAMS) {
                throw new ResourceNotFoundException(asked); // the server answers in the caller's era
            }
            throw e;
        }
        ReadHints.record(CacheHints.of(result.ttlMs(), result.cacheScope()));
        return result.contents();
    }

    private static CompleteResult.Completion complete(Upstream up, dev.switchboard.protocol.completion.Reference ref,
                                                      String argument, String value, Map<String, String> arguments,
                                                      RequestContext ctx) {
        CompleteRequest request = new CompleteRequest(ref, new CompleteRequest.Argument(argument, value),
                arguments.isEmpty() ? null : new CompleteRequest.Context(arguments), null);
        return up.call("completion/complete", client -> client.complete(request, options(ctx))).completion();
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

    /** The caller's cancellation and progress, carried to the upstream request. */
    private static CallOptions options(RequestContext ctx) {
        CancellationToken token = new CancellationToken();
        ctx.cancellation().onCancel(token::cancel);
        return CallOptions.builder()
                .cancellation(token)
                .onProgress(p -> ctx.progress(p.progress(), p.total(), p.message()))
                .build();
    }
}
