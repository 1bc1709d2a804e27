package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.EmptyResult;
import dev.switchboard.protocol.completion.CompleteResult;
import dev.switchboard.protocol.content.Annotations;
import dev.switchboard.protocol.content.EmbeddedResource;
import dev.switchboard.protocol.content.ImageContent;
import dev.switchboard.protocol.content.ResourceLink;
import dev.switchboard.protocol.content.Role;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.elicitation.BooleanSchema;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.elicitation.EnumOption;
import dev.switchboard.protocol.elicitation.NumberSchema;
import dev.switchboard.protocol.elicitation.PrimitiveSchemaDefinition;
import dev.switchboard.protocol.elicitation.StringSchema;
import dev.switchboard.protocol.elicitation.TitledMultiSelectEnumSchema;
import dev.switchboard.protocol.errors.MissingRequiredClientCapabilityError;
import dev.switchboard.protocol.errors.UnsupportedProtocolVersionError;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.jsonrpc.Response;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.mrtr.InputRequiredResult;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.ListPromptsResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptArgument;
import dev.switchboard.protocol.prompts.PromptMessage;
import dev.switchboard.protocol.resources.ListResourceTemplatesResult;
import dev.switchboard.protocol.resources.ListResourcesResult;
import dev.switchboard.protocol.resources.ReadResourceResult;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceTemplate;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.roots.Root;
import dev.switchboard.protocol.sampling.CreateMessageRequest;
import dev.switchboard.protocol.sampling.CreateMessageResult;
import dev.switchboard.protocol.sampling.SamplingMessage;
import dev.switchboard.protocol.schema.JsonSchema;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;
import dev.switchboard.protocol.subscriptions.SubscriptionsAcknowledged;
import dev.switchboard.protocol.subscriptions.SubscriptionsListenResult;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.ListToolsResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.protocol.tools.ToolAnnotations;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What our encoders emit validates against the upstream schema's {@code $defs/<TypeName>}, for
 * every example and for values built through the factories.
 */
class SchemaConformanceTest {
    private static final JsonObject SCHEMA = JsonObject.of("type", Json.of("object"),
            "properties", JsonObject.of("name", JsonObject.of("type", Json.of("string"))));

    static void assertValid(String typeName, Json instance) {
        List<JsonSchema.Violation> violations = SpecExamples.schemaFor(typeName).validate(instance);
        assertThat(violations).as("%s against $defs/%s", instance, typeName).isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everyReencodedExampleValidatesAgainstItsDefinition() {
        return SpecExamples.exampleFiles().stream().map(file -> {
            String type = SpecExamples.typeName(file);
            return DynamicTest.dynamicTest(type + "/" + file.getFileName(), file.toUri(),
                    () -> assertValid(type, GoldenCodec.roundTrip(type, SpecExamples.read(file))));
        });
    }

    @TestFactory
    Stream<DynamicTest> everyUpstreamExampleValidatesAgainstItsDefinition() {
        // Checks the validator wiring itself: the vectors are valid by construction upstream.
        return SpecExamples.exampleFiles().stream().map(file -> {
            String type = SpecExamples.typeName(file);
            return DynamicTest.dynamicTest(type + "/" + file.getFileName(), file.toUri(),
                    () -> assertValid(type, SpecExamples.read(file)));
        });
    }

    @Test
    void rejectsAnInstanceThatBreaksItsDefinition() {
        JsonObject noContent = JsonObject.of("resultType", Json.of("complete"));
        assertThat(SpecExamples.schemaFor("CallToolResult").validate(noContent)).isNotEmpty();
    }

    @Test
    void callToolResultWithOneTextBlockIsValid() {
        assertValid("CallToolResult", Codec.encode(CallToolResult.of(TextContent.of("x"))));
    }

    @Test
    void callToolResultErrorIsValid() {
        assertValid("CallToolResult", Codec.encode(CallToolResult.error("boom")));
    }

    @Test
    void callToolResultWithEveryContentKindIsValid() {
        CallToolResult r = new CallToolResult(List.of(
                new TextContent("t", new Annotations(List.of(Role.USER, Role.ASSISTANT), 0.5, "2025-01-01T00:00:00Z"),
                        JsonObject.of("k", Json.of("v"))),
                ImageContent.of("AAAA", "image/png"),
                ResourceLink.of("file:///a.txt", "a.txt"),
                EmbeddedResource.of(TextResourceContents.of("file:///a.txt", "text/plain", "hello"))),
                JsonObject.of("answer", Json.of(42)), false, null);
        assertValid("CallToolResult", Codec.encode(r));
    }

    @Test
    void listToolsResultWithTtlIsValid() {
        Tool tool = Tool.builder("get_weather", SCHEMA).title("Weather").description("Current weather")
                .annotations(ToolAnnotations.readOnly()).build();
        assertValid("ListToolsResult", Codec.encode(ListToolsResult.of(List.of(tool), 60_000, CacheScope.PUBLIC)));
    }

    @Test
    void emptyToolListWithZeroTtlIsValid() {
        assertValid("ListToolsResult", Codec.encode(ListToolsResult.of(List.of(), 0, CacheScope.PRIVATE)));
    }

    @Test
    void discoverResultWithServerInfoIsValid() {
        ServerCapabilities caps = new ServerCapabilities(new ServerCapabilities.ToolsCapability(true),
                ServerCapabilities.PromptsCapability.BASIC, new ServerCapabilities.ResourcesCapability(true, true),
                JsonObject.EMPTY, JsonObject.EMPTY,
                JsonObject.of("io.modelcontextprotocol/tasks", JsonObject.EMPTY), null);
        JsonObject meta = JsonObject.of("io.modelcontextprotocol/serverInfo",
                Codec.encode(Implementation.of("switchboard", "0.1.0")));
        DiscoverResult r = new DiscoverResult(List.of("2026-07-28", "2025-11-25"), caps, "be nice", 3_600_000,
                CacheScope.PUBLIC, meta);
        assertValid("DiscoverResult", Codec.encode(r));
    }

    @Test
    void otherCacheableResultsAreValid() {
        assertValid("ListPromptsResult", Codec.encode(ListPromptsResult.of(
                List.of(Prompt.of("review", "Review code", PromptArgument.required("code", "The code"))),
                1000, CacheScope.PUBLIC)));
        assertValid("ListResourcesResult", Codec.encode(ListResourcesResult.of(
                List.of(Resource.of("file:///a", "a", "text/plain")), 0, CacheScope.PRIVATE)));
        assertValid("ListResourceTemplatesResult", Codec.encode(ListResourceTemplatesResult.of(
                List.of(ResourceTemplate.of("file:///{path}", "files")), 5, CacheScope.PUBLIC)));
        assertValid("ReadResourceResult", Codec.encode(ReadResourceResult.of(
                List.of(TextResourceContents.of("file:///a", "text/plain", "x")), 10, CacheScope.PRIVATE)));
    }

    @Test
    void promptAndCompletionResultsAreValid() {
        assertValid("GetPromptResult", Codec.encode(GetPromptResult.of("d", PromptMessage.user("hi"),
                PromptMessage.assistant("hello"))));
        assertValid("CompleteResult", Codec.encode(CompleteResult.of("python", "pytorch")));
        assertValid("EmptyResult", Codec.encode(EmptyResult.of()));
    }

    @Test
    void inputRequiredResultWithEveryInputKindIsValid() {
        Map<String, InputRequest> requests = new LinkedHashMap<>();
        requests.put("login", InputRequest.elicit(ElicitRequest.form("Who are you?", JsonObject.of("type",
                Json.of("object"), "properties", JsonObject.EMPTY))));
        requests.put("key", InputRequest.elicit(ElicitRequest.url("Set your key", "https://example.com/key")));
        requests.put("capital", InputRequest.sample(CreateMessageRequest.of(100, SamplingMessage.user("Capital?"))));
        requests.put("roots", InputRequest.listRoots());
        assertValid("InputRequiredResult", Codec.encode(InputRequiredResult.of(requests, "state")));
        assertValid("InputRequiredResult", Codec.encode(InputRequiredResult.retry("again")));
    }

    @Test
    void inputResponsesAreValid() {
        assertValid("ElicitResult", Codec.encode(ElicitResult.accept(JsonObject.of("name", Json.of("octocat")))));
        assertValid("ElicitResult", Codec.encode(ElicitResult.decline()));
        assertValid("CreateMessageResult", Codec.encode(CreateMessageResult.of(TextContent.of("Paris"), "m", "endTurn")));
        assertValid("ListRootsResult", Codec.encode(ListRootsResult.of(Root.of("file:///home", "home"))));
    }

    @Test
    void subscriptionMessagesAreValid() {
        SubscriptionFilter filter = new SubscriptionFilter(true, null, true, List.of("file:///a"), null);
        assertValid("SubscriptionsAcknowledgedNotificationParams",
                Codec.encode(SubscriptionsAcknowledged.of(RequestId.of("listen-1"), filter)));
        assertValid("SubscriptionsListenResult", Codec.encode(SubscriptionsListenResult.of(RequestId.of(7))));
    }

    @Test
    void builtElicitationSchemasAreValid() {
        Map<String, PrimitiveSchemaDefinition> props = new LinkedHashMap<>();
        props.put("name", new StringSchema("Name", null, 1, 50, null, null));
        props.put("age", new NumberSchema(true, "Age", null, 0.0, 150.0, null));
        props.put("ok", BooleanSchema.of("OK?"));
        props.put("colors", new TitledMultiSelectEnumSchema("Colors", null, 1, 2,
                List.of(new EnumOption("#f00", "Red"), new EnumOption("#0f0", "Green")), List.of("#f00")));
        JsonObject schema = ElicitationSchemas.requestedSchema(props, List.of("name"));
        assertValid("ElicitRequestFormParams", Codec.encode(ElicitRequest.form("Tell me", schema)));
        props.forEach((k, v) -> assertValid(v.getClass().getSimpleName(), ElicitationSchemas.toJson(v)));
    }

    @Test
    void typedErrorsAreValidErrorResponses() {
        var unsupported = ErrorCodec.toJsonRpcError(
                UnsupportedProtocolVersionError.of("1900-01-01", List.of("2026-07-28", "2025-11-25")));
        assertValid("UnsupportedProtocolVersionError",
                JsonRpcCodec.encode(new Response.Failure(RequestId.of(1), unsupported)));
        var missing = ErrorCodec.toJsonRpcError(MissingRequiredClientCapabilityError.of(
                new ClientCapabilities(null, null, JsonObject.EMPTY, null, null)));
        assertValid("MissingRequiredClientCapabilityError",
                JsonRpcCodec.encode(new Response.Failure(RequestId.of("a"), missing)));
    }

    @Test
    void everyPrimitiveSchemaKindIsValidAgainstItsDefinition() {
        List<PrimitiveSchemaDefinition> all = List.of(
                new StringSchema("Email", "Yours", 3, 50, "email", "a@b.c"),
                new NumberSchema(false, "Weight", null, 0.5, 200.0, 70.0),
                new NumberSchema(true, "Age", null, 0.0, null, null),
                new BooleanSchema("OK", "Agree?", true),
                new dev.switchboard.protocol.elicitation.UntitledSingleSelectEnumSchema("Color", null,
                        List.of("red", "green"), "red"),
                new dev.switchboard.protocol.elicitation.TitledSingleSelectEnumSchema("Color", null,
                        List.of(new EnumOption("#f00", "Red")), "#f00"),
                new dev.switchboard.protocol.elicitation.UntitledMultiSelectEnumSchema("Colors", null, 0, 2,
                        List.of("red", "green"), List.of()),
                new TitledMultiSelectEnumSchema("Colors", null, null, null, List.of(new EnumOption("#f00", "Red")),
                        null),
                new dev.switchboard.protocol.elicitation.LegacyTitledEnumSchema("Color", null, List.of("r"),
                        List.of("Red"), "r"));
        for (PrimitiveSchemaDefinition s : all) {
            assertValid(s.getClass().getSimpleName(), ElicitationSchemas.toJson(s));
            assertValid("PrimitiveSchemaDefinition", ElicitationSchemas.toJson(s));
        }
    }

    @Test
    void aSessionEraInitializeIsNotAModernMessage() {
        // The modern schema has no initialize; the session-era one validates it (SessionEraTest).
        assertThat(SpecExamples.schemaDocument(SpecExamples.REVISION).getObject("$defs").has("InitializeRequest"))
                .isFalse();
    }
}
