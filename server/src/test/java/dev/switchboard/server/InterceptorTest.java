package dev.switchboard.server;

import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.tools.CallToolResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static dev.switchboard.server.Rpc.error;
import static dev.switchboard.server.Rpc.handle;
import static dev.switchboard.server.Rpc.request;
import static dev.switchboard.server.Rpc.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Interceptors: order, short-circuiting, replacing results, and what they see. */
class InterceptorTest {
    private final List<String> trace = new CopyOnWriteArrayList<>();

    private Interceptor recording(String name) {
        return chain -> {
            trace.add(name + ">");
            JsonObject result = chain.proceed();
            trace.add("<" + name);
            return result;
        };
    }

    private McpServer.Builder tracedServer() {
        return McpServer.builder("t", "1").tool(Rpc.textTool("work"), ToolHandler.of(call -> {
            trace.add("handler");
            return CallToolResult.of(TextContent.of("done"));
        }));
    }

    @Test
    void runInTheOrderAddedOutermostFirst() throws Exception {
        McpServer server = tracedServer().interceptor(recording("a")).interceptor(recording("b")).interceptor(recording("c")).build();
        handle(server, request(1, "tools/call", "{\"name\":\"work\"}"));
        assertThat(trace).containsExactly("a>", "b>", "c>", "handler", "<c", "<b", "<a");
    }

    @Test
    void runForEveryMethodIncludingDiscover() throws Exception {
        McpServer server = tracedServer().interceptor(recording("a")).build();
        handle(server, request(1, "server/discover", "{}"));
        handle(server, request(2, "tools/list", "{}"));
        assertThat(trace).containsExactly("a>", "<a", "a>", "<a");
    }

    @Test
    void doNotRunForAnUnknownMethodOrABadLogLevel() {
        McpServer server = tracedServer().interceptor(recording("a")).build();
        error(server, request(1, "nope", "{}"));
        error(server, Rpc.withMeta(request(2, "tools/list", "{}"), MetaKeys.LOG_LEVEL, Json.of("loud")));
        assertThat(trace).isEmpty();
    }

    @Test
    void canShortCircuitWithAnError() {
        McpServer server = tracedServer()
                .interceptor(recording("outer"))
                .interceptor(chain -> {
                    throw new McpException(-31000, "forbidden by policy");
                })
                .interceptor(recording("inner"))
                .build();
        McpException e = error(server, request(1, "tools/call", "{\"name\":\"work\"}"));
        assertThat(e.code()).isEqualTo(-31000);
        assertThat(trace).containsExactly("outer>");
    }

    @Test
    void canShortCircuitWithItsOwnResult() throws Exception {
        McpServer server = tracedServer()
                .interceptor(chain -> JsonObject.of("content", Json.of("cached")))
                .build();
        JsonObject result = handle(server, request(1, "tools/call", "{\"name\":\"work\"}"));
        assertThat(trace).isEmpty();
        assertThat(result.getString("content")).isEqualTo("cached");
        assertThat(result.getString("resultType")).as("the runtime still completes the envelope").isEqualTo("complete");
        assertThat(result.getObject("_meta").has(MetaKeys.SERVER_INFO)).isTrue();
    }

    @Test
    void canReplaceTheResult() throws Exception {
        McpServer server = tracedServer()
                .interceptor(chain -> {
                    JsonObject r = chain.proceed();
                    return r.with("_meta", JsonObject.of("com.example/audited", Json.of(true)));
                })
                .build();
        JsonObject result = handle(server, request(1, "tools/call", "{\"name\":\"work\"}"));
        assertThat(text(result)).isEqualTo("done");
        assertThat(result.getObject("_meta").get("com.example/audited")).isEqualTo(Json.of(true));
        assertThat(result.getObject("_meta").has(MetaKeys.SERVER_INFO)).as("server info is merged into their _meta").isTrue();
    }

    @Test
    void seeTheRequestAndItsContext() throws Exception {
        AtomicReference<Interceptor.Chain> seen = new AtomicReference<>();
        McpServer server = tracedServer().interceptor(chain -> {
            seen.set(chain);
            return chain.proceed();
        }).build();
        handle(server, request("r-1", "tools/call", "{\"name\":\"work\"}"), "alice");
        assertThat(seen.get().request().method()).isEqualTo("tools/call");
        assertThat(seen.get().request().params().getString("name")).isEqualTo("work");
        assertThat(seen.get().context().principal().subject()).isEqualTo("alice");
        assertThat(seen.get().context().method()).isEqualTo("tools/call");
        assertThat(seen.get().context().requestId().toJson()).isEqualTo(Json.of("r-1"));
    }

    @Test
    void shareTheContextWithTheHandler() throws Exception {
        AtomicReference<RequestContext> inInterceptor = new AtomicReference<>();
        AtomicReference<RequestContext> inHandler = new AtomicReference<>();
        McpServer server = McpServer.builder("t", "1")
                .tool(Rpc.textTool("work"), ToolHandler.of(call -> {
                    inHandler.set(call.context());
                    return CallToolResult.of();
                }))
                .interceptor(chain -> {
                    inInterceptor.set(chain.context());
                    return chain.proceed();
                }).build();
        handle(server, request(1, "tools/call", "{\"name\":\"work\"}"));
        assertThat(inHandler.get()).isSameAs(inInterceptor.get());
    }

    @Test
    void seeHandlerErrorsAndMayTranslateThem() throws Exception {
        McpServer server = McpServer.builder("t", "1")
                .tool(Rpc.textTool("work"), ToolHandler.of(call -> {
                    throw new McpException(ErrorCode.INVALID_PARAMS, "bad");
                }))
                .interceptor(chain -> {
                    try {
                        return chain.proceed();
                    } catch (McpException e) {
                        return JsonObject.of("translated", Json.of(e.getMessage()));
                    }
                }).build();
        assertThat(handle(server, request(1, "tools/call", "{\"name\":\"work\"}")).getString("translated")).isEqualTo("bad");
    }

    @Test
    void aCheckedExceptionFromAnInterceptorReachesTheTransport() {
        McpServer server = tracedServer().interceptor(chain -> {
            throw new java.io.IOException("audit log unavailable");
        }).build();
        assertThatThrownBy(() -> handle(server, request(1, "tools/call", "{\"name\":\"work\"}")))
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void canEmitNotificationsThroughTheContext() throws Exception {
        McpServer server = tracedServer().interceptor(chain -> {
            chain.context().log(dev.switchboard.protocol.logging.LoggingLevel.INFO, "audit", Json.of("start"));
            return chain.proceed();
        }).build();
        RecordingSink sink = new RecordingSink();
        handle(server, Rpc.withMeta(request(1, "tools/call", "{\"name\":\"work\"}"), MetaKeys.LOG_LEVEL, Json.of("info")),
                "anonymous", sink);
        assertThat(sink.methods()).containsExactly("notifications/message");
    }

    @Test
    void canHandTheRestOfTheChainOtherParams() throws Exception {
        AtomicReference<JsonObject> handlerArgs = new AtomicReference<>();
        McpServer server = McpServer.builder("t", "1")
                .tool(Rpc.textTool("work"), ToolHandler.of(call -> {
                    handlerArgs.set(call.arguments());
                    return CallToolResult.of(TextContent.of("done"));
                }))
                .interceptor(recording("outer"))
                .interceptor(chain -> {
                    JsonObject p = chain.request().params().without("inputResponses");
                    return chain.proceed(new dev.switchboard.protocol.jsonrpc.Request(chain.request().id(),
                            chain.request().method(), p.with("arguments", JsonObject.of("x", Json.of(2)))));
                })
                .interceptor(recording("inner"))
                .build();
        handle(server, request(1, "tools/call", "{\"name\":\"work\",\"inputResponses\":{\"k\":{\"action\":\"accept\"}}}"));
        assertThat(handlerArgs.get()).isEqualTo(JsonObject.of("x", Json.of(2)));
        assertThat(trace).as("the interceptors after it still run, once").containsExactly("outer>", "inner>", "<inner", "<outer");
    }

    @Test
    void mayNotChangeTheMethodWhenHandingOnOtherParams() {
        McpServer server = tracedServer().interceptor(chain -> chain.proceed(new dev.switchboard.protocol.jsonrpc.Request(
                chain.request().id(), "tools/list", JsonObject.EMPTY))).build();
        assertThatThrownBy(() -> handle(server, request(1, "tools/call", "{\"name\":\"work\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the method or id");
    }

    /** Answers tools/call itself in rounds: asks a name, then greets with it and the round count its state kept. */
    private static McpServer askingInterceptor() {
        return McpServer.builder("t", "1").tool(Rpc.textTool("work"), ToolHandler.of(call -> {
            throw new AssertionError("the handler never runs: the interceptor answers");
        })).interceptor(chain -> chain.answer((responses, state) -> {
            int round = state == null ? 0 : (int) ((dev.switchboard.protocol.json.JsonNumber) state.get("n")).longValue();
            dev.switchboard.protocol.elicitation.ElicitResult name = responses.elicitation("name");
            if (name == null) {
                return Outcome.inputRequired("name", dev.switchboard.protocol.mrtr.InputRequest.elicit(
                        dev.switchboard.protocol.elicitation.ElicitRequest.form("Name?", Rpc.objectSchema(
                                "{\"name\":{\"type\":\"string\"}}"))), JsonObject.of("n", Json.of(round + 1)));
            }
            return Outcome.complete(dev.switchboard.protocol.codec.Codec.encode(CallToolResult.of(TextContent.of(
                    "hello " + name.content().getString("name") + " after " + round + " round(s)"))));
        })).build();
    }

    @Test
    void canAnswerARequestInRoundsWithTheServersSealedState() throws Exception {
        McpServer server = askingInterceptor();
        String caps = "{\"elicitation\":{}}";
        JsonObject first = handle(server, request(1, "tools/call", "{\"name\":\"work\"}", caps));
        assertThat(first.getString("resultType")).isEqualTo("input_required");
        assertThat(first.getObject("inputRequests").members()).containsOnlyKeys("name");
        String state = first.getString("requestState");
        assertThat(state).as("sealed: the interceptor's state does not show").doesNotContain("\"n\"");
        JsonObject done = handle(server, request(2, "tools/call", "{\"name\":\"work\",\"requestState\":\"" + state
                + "\",\"inputResponses\":{\"name\":{\"action\":\"accept\",\"content\":{\"name\":\"Ada\"}}}}", caps));
        assertThat(text(done)).isEqualTo("hello Ada after 1 round(s)");
    }

    @Test
    void roundsAnsweredByAnInterceptorAreCheckedAsTheHandlersAre() throws Exception {
        McpServer server = askingInterceptor();
        assertThat(error(server, request(1, "tools/call", "{\"name\":\"work\"}")).code())
                .as("the caller cannot answer the question").isEqualTo(ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY);
        String caps = "{\"elicitation\":{}}";
        String state = handle(server, request(2, "tools/call", "{\"name\":\"work\"}", caps)).getString("requestState");
        String tampered = state.substring(0, state.length() - 2) + (state.charAt(state.length() - 2) == 'A' ? 'B' : 'A')
                + state.charAt(state.length() - 1);
        McpException e = error(server, request(3, "tools/call", "{\"name\":\"work\",\"requestState\":\"" + tampered
                + "\"}", caps));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.getMessage()).startsWith("Invalid requestState");
        McpException other = error(server, request(4, "tools/call", "{\"name\":\"work\",\"arguments\":{\"x\":1},"
                + "\"requestState\":\"" + state + "\"}", caps));
        assertThat(other.getMessage()).contains("issued for a different request");
    }
}
