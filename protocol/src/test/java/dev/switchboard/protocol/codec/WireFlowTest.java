package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.errors.UnsupportedProtocolVersionError;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Message;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.jsonrpc.Response;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.mrtr.InputRequiredResult;
import dev.switchboard.protocol.notifications.ListChangedNotification;
import dev.switchboard.protocol.notifications.ProgressNotification;
import dev.switchboard.protocol.prompts.GetPromptRequest;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.PromptMessage;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;
import dev.switchboard.protocol.subscriptions.SubscriptionsAcknowledged;
import dev.switchboard.protocol.subscriptions.SubscriptionsListenRequest;
import dev.switchboard.protocol.subscriptions.SubscriptionsListenResult;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.ListToolsRequest;
import dev.switchboard.protocol.tools.ListToolsResult;
import dev.switchboard.protocol.tools.Tool;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole exchanges as a server sees them: bytes in, envelope, typed params, typed result, bytes
 * out. These use only the public API the server module codes against.
 */
class WireFlowTest {
    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientCapabilities\":{\"elicitation\":{}}}";

    private static Request request(String json) {
        Message m = Wire.readMessage(json.getBytes(StandardCharsets.UTF_8));
        assertThat(m).isInstanceOf(Request.class);
        return (Request) m;
    }

    private static String answer(RequestId id, Object result) {
        return new String(Wire.write(new Response.Success(id, Codec.encode(result))), StandardCharsets.UTF_8);
    }

    @Test
    void servesAToolsListPage() {
        Request r = request("{\"jsonrpc\":\"2.0\",\"id\":\"l1\",\"method\":\"tools/list\",\"params\":{" + META + "}}");
        assertThat(r.method()).isEqualTo(Methods.TOOLS_LIST);
        ListToolsRequest params = Codec.decodeParams(r, ListToolsRequest.class);
        assertThat(params.cursor()).isNull();
        Tool tool = Tool.of("echo", "Echoes", JsonObject.of("type", Json.of("object")));
        String out = answer(r.id(), ListToolsResult.of(List.of(tool), 60_000, CacheScope.PUBLIC));
        assertThat(out).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"l1\",\"result\":{\"resultType\":\"complete\","
                + "\"tools\":[{\"name\":\"echo\",\"description\":\"Echoes\",\"inputSchema\":{\"type\":\"object\"}}],"
                + "\"ttlMs\":60000,\"cacheScope\":\"public\"}}");
    }

    @Test
    void runsAnMrtrRoundTripOfAToolCall() {
        // Round 1: the server needs the user's name and asks for it.
        Request first = request("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{" + META
                + ",\"name\":\"greet\"}}");
        CallToolRequest call = Codec.decodeParams(first, CallToolRequest.class);
        assertThat(call.arguments()).isNull();
        JsonObject meta = first.params().getObject("_meta");
        ClientCapabilities caps = Codec.decode(meta.get(MetaKeys.CLIENT_CAPABILITIES), ClientCapabilities.class);
        InputRequest ask = InputRequest.elicit(ElicitRequest.form("Your name?", JsonObject.of("type",
                Json.of("object"), "properties", JsonObject.of("name", JsonObject.of("type", Json.of("string"))))));
        assertThat(ask.allowedBy(caps)).isTrue();
        String interim = answer(first.id(), InputRequiredResult.of("name", ask, "state-1"));
        Response.Success interimResponse = (Response.Success) Wire.readMessage(interim.getBytes(StandardCharsets.UTF_8));
        assertThat(Codec.isInputRequired(interimResponse.result())).isTrue();

        // The client answers and retries with a new id, the same params, and the echoed state.
        InputRequiredResult seen = Codec.decodeResult(interimResponse, InputRequiredResult.class);
        JsonObject retryParams = Codec.encode(new CallToolRequest(call.name(), call.arguments(),
                Map.of("name", Codec.encode(ElicitResult.accept(JsonObject.of("name", Json.of("Ada"))))),
                seen.requestState(), meta));
        byte[] retryBytes = Wire.write(new Request(RequestId.of(2), Methods.TOOLS_CALL, retryParams));

        // Round 2: the server reads the answer and completes.
        Request retry = (Request) Wire.readMessage(retryBytes);
        CallToolRequest again = Codec.decodeParams(retry, CallToolRequest.class);
        assertThat(again.requestState()).isEqualTo("state-1");
        ElicitResult name = InputResponses.elicitResult(again.inputResponses(), "name");
        String done = answer(retry.id(), CallToolResult.of(TextContent.of("Hello, " + name.content().getString("name"))));
        assertThat(done).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"resultType\":\"complete\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"Hello, Ada\"}]}}");
    }

    @Test
    void answersABadCallWithInvalidParamsNamingTheMember() {
        Request r = request("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{" + META
                + ",\"name\":\"x\",\"arguments\":\"oops\"}}");
        McpException e;
        try {
            Codec.decodeParams(r, CallToolRequest.class);
            throw new AssertionError("expected a DecodeException");
        } catch (DecodeException d) {
            e = d;
        }
        byte[] out = Wire.write(new Response.Failure(r.id(), e.toError()));
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":"
                + "{\"code\":-32602,\"message\":\"params.arguments: expected object, got string\"}}");
    }

    @Test
    void answersAnUnsupportedVersionWithTheTypedError() {
        Request r = request("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\",\"params\":{\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"v999.0.0\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}");
        String requested = r.params().getObject("_meta").getString(MetaKeys.PROTOCOL_VERSION);
        McpException e = ErrorCodec.toException(UnsupportedProtocolVersionError.of(requested, List.of("2026-07-28")));
        String out = new String(Wire.write(new Response.Failure(r.id(), e.toError())), StandardCharsets.UTF_8);
        assertThat(Wire.parse(out)).isEqualTo(Wire.parse("{\"jsonrpc\":\"2.0\",\"id\":9,\"error\":{\"code\":-32022,"
                + "\"message\":\"Unsupported protocol version\",\"data\":{\"supported\":[\"2026-07-28\"],"
                + "\"requested\":\"v999.0.0\"}}}"));
    }

    @Test
    void emitsProgressForTheRequestsToken() {
        Request r = request("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"_meta\":{"
                + "\"progressToken\":17},\"name\":\"slow\"}}");
        Json token = r.params().getObject("_meta").get(MetaKeys.PROGRESS_TOKEN);
        Notification n = new Notification(Methods.NOTIFICATION_PROGRESS,
                Codec.encode(ProgressNotification.of(token, 1, 4.0, "1 of 4")));
        assertThat(new String(Wire.write(n), StandardCharsets.UTF_8)).isEqualTo("{\"jsonrpc\":\"2.0\","
                + "\"method\":\"notifications/progress\",\"params\":{\"progressToken\":17,\"progress\":1,"
                + "\"total\":4,\"message\":\"1 of 4\"}}");
    }

    @Test
    void runsAListenStreamFromAcknowledgementToClose() {
        Request listen = request("{\"jsonrpc\":\"2.0\",\"id\":\"listen-1\",\"method\":\"subscriptions/listen\","
                + "\"params\":{" + META + ",\"notifications\":{\"toolsListChanged\":true,\"promptsListChanged\":true}}}");
        var params = Codec.decodeParams(listen, SubscriptionsListenRequest.class);
        // The server honours only what its capabilities allow: tools, not prompts.
        var honoured = new SubscriptionFilter(
                params.notifications().toolsListChanged(), null, null, null, null);
        Notification ack = new Notification(Methods.NOTIFICATION_SUBSCRIPTIONS_ACKNOWLEDGED, Codec.encode(
                SubscriptionsAcknowledged.of(listen.id(), honoured)));
        Notification changed = new Notification(Methods.NOTIFICATION_TOOLS_LIST_CHANGED, Codec.encode(
                new ListChangedNotification(
                        JsonObject.of(MetaKeys.SUBSCRIPTION_ID, listen.id().toJson()))));
        String close = answer(listen.id(), SubscriptionsListenResult.of(listen.id()));
        assertThat(new String(Wire.write(ack), StandardCharsets.UTF_8)).isEqualTo("{\"jsonrpc\":\"2.0\","
                + "\"method\":\"notifications/subscriptions/acknowledged\",\"params\":{\"_meta\":"
                + "{\"io.modelcontextprotocol/subscriptionId\":\"listen-1\"},\"notifications\":{\"toolsListChanged\":true}}}");
        assertThat(new String(Wire.write(changed), StandardCharsets.UTF_8)).isEqualTo("{\"jsonrpc\":\"2.0\","
                + "\"method\":\"notifications/tools/list_changed\",\"params\":{\"_meta\":"
                + "{\"io.modelcontextprotocol/subscriptionId\":\"listen-1\"}}}");
        assertThat(close).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"listen-1\",\"result\":{\"resultType\":\"complete\","
                + "\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":\"listen-1\"}}}");
    }

    @Test
    void servesAPromptWithItsArguments() {
        Request r = request("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"prompts/get\",\"params\":{" + META
                + ",\"name\":\"review\",\"arguments\":{\"code\":\"x = 1\"}}}");
        var get = Codec.decodeParams(r, GetPromptRequest.class);
        var result = GetPromptResult.of("Review",
                PromptMessage.user("Please review: " + get.arguments().get("code")));
        assertThat(answer(r.id(), result)).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{"
                + "\"resultType\":\"complete\",\"description\":\"Review\",\"messages\":[{\"role\":\"user\","
                + "\"content\":{\"type\":\"text\",\"text\":\"Please review: x = 1\"}}]}}");
    }
}
