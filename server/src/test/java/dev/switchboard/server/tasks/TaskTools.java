package dev.switchboard.server.tasks;

import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Outcome;
import dev.switchboard.server.Rpc;
import dev.switchboard.server.ToolHandler;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Task tools for the server tests, with counters the tests look at. */
final class TaskTools {
    static final JsonObject SLEEP_SCHEMA = Rpc.objectSchema("{\"ms\":{\"type\":\"integer\"}}");
    static final JsonObject CONFIRM = Rpc.json(
            "{\"type\":\"object\",\"properties\":{\"ok\":{\"type\":\"boolean\"}},\"required\":[\"ok\"]}");

    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger interrupted = new AtomicInteger();
    final AtomicInteger finished = new AtomicInteger();
    final CountDownLatch running = new CountDownLatch(1);
    final Map<String, String> lastAnswers = new TreeMap<>();
    volatile boolean lastResumed;

    /** Sleeps {@code ms} (interruptibly), then answers "slept N". */
    ToolHandler sleeper() {
        return ToolHandler.of(call -> {
            started.incrementAndGet();
            lastResumed = call.task() != null && call.task().resumed();
            running.countDown();
            long ms = call.arguments().get("ms") == null ? 0 : ((dev.switchboard.protocol.json.JsonNumber) call.arguments().get("ms")).longValue();
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
            finished.incrementAndGet();
            return CallToolResult.of(TextContent.of("slept " + ms));
        });
    }

    /** Asks for the keys in order, all at once, then answers with what was given. */
    ToolHandler asker(String... keys) {
        return call -> {
            started.incrementAndGet();
            Map<String, InputRequest> missing = new java.util.LinkedHashMap<>();
            for (String k : keys) {
                if (!call.responses().has(k)) {
                    missing.put(k, InputRequest.elicit(ElicitRequest.form("Confirm " + k + "?", CONFIRM)));
                }
            }
            if (!missing.isEmpty()) {
                return Outcome.inputRequired(missing, call.state());
            }
            synchronized (lastAnswers) {
                lastAnswers.clear();
                for (String k : keys) {
                    ElicitResult r = call.responses().elicitation(k);
                    lastAnswers.put(k, r.action().wire());
                }
            }
            return Outcome.complete(CallToolResult.of(TextContent.of("answered " + lastAnswers)));
        };
    }

    /**
     * Opens a ticket (its state) on the first run, asks to confirm, then names the ticket: a run that
     * took over sees the ticket its predecessor kept, or opens a "fresh" one if nothing was kept.
     */
    ToolHandler ticketer() {
        return call -> {
            started.incrementAndGet();
            lastResumed = call.task() != null && call.task().resumed();
            String ticket = call.state() != null ? call.state().getString("ticket")
                    : lastResumed ? "fresh-after-takeover" : "from-first-run";
            running.countDown();
            if (!call.responses().has("confirm")) {
                return Outcome.inputRequired("confirm", InputRequest.elicit(ElicitRequest.form("Confirm?", CONFIRM)),
                        JsonObject.of("ticket", dev.switchboard.protocol.json.Json.of(ticket)));
            }
            return Outcome.complete(CallToolResult.of(TextContent.of("ticket " + ticket)));
        };
    }

    static ToolHandler protocolError() {
        return call -> {
            throw new McpException(ErrorCode.INTERNAL_ERROR, "the job broke", JsonObject.of("why",
                    dev.switchboard.protocol.json.Json.of("test")));
        };
    }

    static ToolHandler toolError() {
        return ToolHandler.of(call -> CallToolResult.error("nothing to do"));
    }

    static ToolHandler throwing() {
        return call -> {
            throw new IllegalStateException("disk full");
        };
    }

    static Tool tool(String name) {
        return Tool.of(name, "Test tool " + name, SLEEP_SCHEMA);
    }

    /** Registers the usual set: sleep (optional), sleep_idem (optional, idempotent), must (required), ask, ask2, fail, error, throw. */
    McpServer.Builder register(McpServer.Builder b) {
        return b.tool(tool("sleep"), sleeper(), TaskPolicy.optional())
                .tool(tool("sleep_idem"), sleeper(), TaskPolicy.optional().idempotent())
                .tool(tool("must"), sleeper(), TaskPolicy.required())
                .tool(tool("ask"), asker("confirm"), TaskPolicy.optional())
                .tool(tool("ask2"), asker("first", "second"), TaskPolicy.optional())
                .tool(tool("ticket_idem"), ticketer(), TaskPolicy.optional().idempotent())
                .tool(tool("fail"), protocolError(), TaskPolicy.optional())
                .tool(tool("error"), toolError(), TaskPolicy.optional())
                .tool(tool("throw"), throwing(), TaskPolicy.optional())
                .tool(Rpc.textTool("echo"), Rpc.echo());
    }
}
