package dev.switchboard.policy.audit;

import dev.switchboard.policy.PolicyBundle;
import dev.switchboard.policy.PolicyEngine;
import dev.switchboard.policy.PolicyInterceptor;
import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.CancellationSignal;
import dev.switchboard.server.EventSink;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Principal;
import dev.switchboard.server.RequestMeta;
import dev.switchboard.server.ToolHandler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** Test rig: an in-process server named "files" with tools read_file and delete_file, governed by a bundle and an auditor. */
final class Governed {
    static final String BUNDLE = """
            rules:
              - id: reads
                match: {tools: ["read_*"]}
                effect: allow
              - id: agents-never-delete
                match: {tools: ["delete_*"]}
                when: agent != ""
                effect: deny
                reason: agents may not delete
              - id: would-block-reads-at-night
                mode: shadow
                match: {tools: ["read_*"]}
                effect: deny
                reason: trying it out
              - id: hide-path
                match: {tools: [read_file]}
                effect: redact
                redact: {args: [path]}
            """;

    static final Principal ALICE = Principal.user("https://idp.example", "alice", Set.of("files:read"));
    static final Principal BOT = new Principal("https://idp.example", "alice", List.of("bot", "planner"), Set.of("files:write"));

    final McpServer server;
    final AtomicInteger handled = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();

    Governed(Path dir, Auditor auditor) throws IOException {
        PolicyEngine engine = new PolicyEngine(PolicyBundle.load(Files.writeString(dir.resolve("bundle.yaml"), BUNDLE)));
        McpServer.Builder b = McpServer.builder("files", "1").interceptor(new PolicyInterceptor(engine, "files", auditor));
        for (String name : List.of("read_file", "delete_file")) {
            b.tool(Tool.of(name, name, JsonObject.of("type", Json.of("object"))), ToolHandler.of(call -> {
                handled.incrementAndGet();
                return CallToolResult.of(TextContent.of("done"));
            }));
        }
        server = b.build();
    }

    /** Calls {@code tool} as {@code p}; returns null when it ran, else the refusal. */
    McpException call(Principal p, String tool, String argsJson) {
        JsonObject meta = JsonObject.builder().put(MetaKeys.PROTOCOL_VERSION, "2026-07-28")
                .put(MetaKeys.CLIENT_CAPABILITIES, JsonObject.EMPTY).build();
        JsonObject params = JsonObject.builder().put("name", tool).put("arguments", Wire.parse(argsJson)).put("_meta", meta).build();
        Request r = new Request(RequestId.of(ids.incrementAndGet()), "tools/call", params);
        try {
            server.handle(r, RequestMeta.read(r), p, EventSink.NONE, new CancellationSignal());
            return null;
        } catch (McpException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
