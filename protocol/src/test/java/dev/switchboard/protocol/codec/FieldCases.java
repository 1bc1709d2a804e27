package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.cards.AiCatalog;
import dev.switchboard.protocol.cards.CatalogEntry;
import dev.switchboard.protocol.cards.Input;
import dev.switchboard.protocol.cards.KeyValueInput;
import dev.switchboard.protocol.cards.Remote;
import dev.switchboard.protocol.cards.Repository;
import dev.switchboard.protocol.cards.ServerCard;

import dev.switchboard.protocol.EmptyResult;
import dev.switchboard.protocol.PaginatedRequest;
import dev.switchboard.protocol.completion.CompleteRequest;
import dev.switchboard.protocol.completion.CompleteResult;
import dev.switchboard.protocol.completion.PromptReference;
import dev.switchboard.protocol.completion.ResourceTemplateReference;
import dev.switchboard.protocol.content.Annotations;
import dev.switchboard.protocol.content.AudioContent;
import dev.switchboard.protocol.content.BlobResourceContents;
import dev.switchboard.protocol.content.EmbeddedResource;
import dev.switchboard.protocol.content.ImageContent;
import dev.switchboard.protocol.content.ResourceLink;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.content.ToolResultContent;
import dev.switchboard.protocol.content.ToolUseContent;
import dev.switchboard.protocol.elicitation.BooleanSchema;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.elicitation.EnumOption;
import dev.switchboard.protocol.elicitation.LegacyTitledEnumSchema;
import dev.switchboard.protocol.elicitation.NumberSchema;
import dev.switchboard.protocol.elicitation.StringSchema;
import dev.switchboard.protocol.elicitation.TitledMultiSelectEnumSchema;
import dev.switchboard.protocol.elicitation.TitledSingleSelectEnumSchema;
import dev.switchboard.protocol.elicitation.UntitledMultiSelectEnumSchema;
import dev.switchboard.protocol.elicitation.UntitledSingleSelectEnumSchema;
import dev.switchboard.protocol.errors.MissingRequiredClientCapabilityError;
import dev.switchboard.protocol.errors.UnsupportedProtocolVersionError;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.JsonRpcError;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.lifecycle.DiscoverRequest;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.lifecycle.Icon;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.lifecycle.InitializeRequest;
import dev.switchboard.protocol.lifecycle.InitializeResult;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.protocol.logging.LoggingMessageNotification;
import dev.switchboard.protocol.logging.SetLevelRequest;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.mrtr.InputRequiredResult;
import dev.switchboard.protocol.notifications.CancelledNotification;
import dev.switchboard.protocol.notifications.ListChangedNotification;
import dev.switchboard.protocol.notifications.ProgressNotification;
import dev.switchboard.protocol.prompts.GetPromptRequest;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.ListPromptsRequest;
import dev.switchboard.protocol.prompts.ListPromptsResult;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.prompts.PromptArgument;
import dev.switchboard.protocol.prompts.PromptMessage;
import dev.switchboard.protocol.resources.ListResourceTemplatesRequest;
import dev.switchboard.protocol.resources.ListResourceTemplatesResult;
import dev.switchboard.protocol.resources.ListResourcesRequest;
import dev.switchboard.protocol.resources.ListResourcesResult;
import dev.switchboard.protocol.resources.ReadResourceRequest;
import dev.switchboard.protocol.resources.ReadResourceResult;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceTemplate;
import dev.switchboard.protocol.resources.ResourceUpdatedNotification;
import dev.switchboard.protocol.resources.SubscribeRequest;
import dev.switchboard.protocol.resources.UnsubscribeRequest;
import dev.switchboard.protocol.roots.ListRootsRequest;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.roots.Root;
import dev.switchboard.protocol.sampling.CreateMessageRequest;
import dev.switchboard.protocol.sampling.CreateMessageResult;
import dev.switchboard.protocol.sampling.ModelHint;
import dev.switchboard.protocol.sampling.ModelPreferences;
import dev.switchboard.protocol.sampling.SamplingMessage;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;
import dev.switchboard.protocol.subscriptions.SubscriptionsAcknowledged;
import dev.switchboard.protocol.subscriptions.SubscriptionsListenRequest;
import dev.switchboard.protocol.subscriptions.SubscriptionsListenResult;
import dev.switchboard.protocol.tasks.CancelTaskRequest;
import dev.switchboard.protocol.tasks.CreateTaskResult;
import dev.switchboard.protocol.tasks.DetailedTask;
import dev.switchboard.protocol.tasks.GetTaskRequest;
import dev.switchboard.protocol.tasks.GetTaskResult;
import dev.switchboard.protocol.tasks.Task;
import dev.switchboard.protocol.tasks.TaskStatusNotification;
import dev.switchboard.protocol.tasks.UpdateTaskRequest;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.ListToolsRequest;
import dev.switchboard.protocol.tools.ListToolsResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.protocol.tools.ToolAnnotations;

import java.util.ArrayList;
import java.util.List;

/**
 * One row per protocol type for the field-rule tests: a full JSON value (every optional member
 * set), the members that must be present, and the optional members (with the record component
 * each maps to, as {@code wire:component} where the names differ; {@code _meta} maps to
 * {@code meta}). Members that act as a union's discriminator ({@code text}/{@code blob} of
 * resource contents, {@code enum}/{@code oneOf}/{@code enumNames} of enum schemas) are in
 * neither list: their absence changes the kind, which the area tests cover.
 */
final class FieldCases {

    /** One type's row. */
    record Case(Class<?> type, String label, JsonObject full, List<String> required, List<String> optional) {
        @Override
        public String toString() {
            return label;
        }
    }

    static final List<Case> ALL = build();

    private FieldCases() {
    }

    private static final String META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}";
    private static final String TOOL = "{\"name\":\"t\",\"inputSchema\":{\"type\":\"object\"}}";
    private static final String TASK = "\"taskId\":\"t\",\"status\":\"working\",\"statusMessage\":\"s\","
            + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"lastUpdatedAt\":\"2026-01-01T00:00:01Z\",\"ttlMs\":60000,"
            + "\"pollIntervalMs\":500";
    private static final String TEXT = "{\"type\":\"text\",\"text\":\"x\"}";

    private static List<Case> build() {
        List<Case> c = new ArrayList<>();
        add(c, EmptyResult.class, "{\"resultType\":\"complete\"," + META + "}", req(), opt("_meta"));
        add(c, PaginatedRequest.class, "{" + META + ",\"cursor\":\"c\"}", req(), opt("cursor", "_meta"));
        // lifecycle
        add(c, Icon.class, "{\"src\":\"https://x/i.png\",\"mimeType\":\"image/png\",\"sizes\":[\"48x48\"],"
                + "\"theme\":\"dark\"}", req("src"), opt("mimeType", "sizes", "theme"));
        add(c, Implementation.class, "{\"name\":\"n\",\"version\":\"1\",\"title\":\"T\",\"description\":\"d\","
                + "\"icons\":[{\"src\":\"s\"}],\"websiteUrl\":\"https://x\"," + META + "}",
                req("name", "version"), opt("title", "description", "icons", "websiteUrl", "_meta"));
        add(c, ClientCapabilities.class, "{\"roots\":{},\"sampling\":{\"tools\":{}},\"elicitation\":{\"form\":{}},"
                + "\"extensions\":{\"x/y\":{}},\"experimental\":{\"z\":{}}}",
                req(), opt("roots", "sampling", "elicitation", "extensions", "experimental"));
        add(c, ServerCapabilities.class, "{\"tools\":{\"listChanged\":true},\"prompts\":{\"listChanged\":false},"
                + "\"resources\":{\"subscribe\":true,\"listChanged\":true},\"logging\":{},\"completions\":{},"
                + "\"extensions\":{\"io.modelcontextprotocol/tasks\":{}},\"experimental\":{}}",
                req(), opt("tools", "prompts", "resources", "logging", "completions", "extensions", "experimental"));
        add(c, ServerCapabilities.ToolsCapability.class, "{\"listChanged\":true}", req(), opt("listChanged"));
        add(c, ServerCapabilities.PromptsCapability.class, "{\"listChanged\":true}", req(), opt("listChanged"));
        add(c, ServerCapabilities.ResourcesCapability.class, "{\"subscribe\":true,\"listChanged\":false}",
                req(), opt("subscribe", "listChanged"));
        add(c, DiscoverRequest.class, "{" + META + "}", req(), opt("_meta"));
        add(c, DiscoverResult.class, "{\"resultType\":\"complete\",\"supportedVersions\":[\"2026-07-28\"],"
                + "\"capabilities\":{\"tools\":{}},\"instructions\":\"i\",\"ttlMs\":5,\"cacheScope\":\"public\","
                + META + "}", req("supportedVersions", "capabilities"), opt("instructions", "cacheScope", "_meta"));
        add(c, InitializeRequest.class, "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"},\"_meta\":{\"progressToken\":1}}",
                req("protocolVersion", "capabilities", "clientInfo"), opt("_meta"));
        add(c, InitializeResult.class, "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"serverInfo\":{\"name\":\"s\",\"version\":\"1\"},\"instructions\":\"i\"," + META + "}",
                req("protocolVersion", "capabilities", "serverInfo"), opt("instructions", "_meta"));
        // content
        add(c, TextContent.class, "{\"type\":\"text\",\"text\":\"hi\",\"annotations\":{\"priority\":0.5}," + META
                + "}", req("type", "text"), opt("annotations", "_meta"));
        add(c, ImageContent.class, "{\"type\":\"image\",\"data\":\"AAAA\",\"mimeType\":\"image/png\","
                + "\"annotations\":{\"audience\":[\"user\"]}," + META + "}",
                req("type", "data", "mimeType"), opt("annotations", "_meta"));
        add(c, AudioContent.class, "{\"type\":\"audio\",\"data\":\"AAAA\",\"mimeType\":\"audio/wav\","
                + "\"annotations\":{\"audience\":[\"assistant\"]}," + META + "}",
                req("type", "data", "mimeType"), opt("annotations", "_meta"));
        add(c, ResourceLink.class, "{\"type\":\"resource_link\",\"uri\":\"file:///a\",\"name\":\"a\","
                + "\"title\":\"A\",\"description\":\"d\",\"mimeType\":\"text/plain\",\"size\":12,"
                + "\"icons\":[{\"src\":\"s\"}],\"annotations\":{\"priority\":1}," + META + "}",
                req("type", "uri", "name"),
                opt("title", "description", "mimeType", "size", "icons", "annotations", "_meta"));
        add(c, EmbeddedResource.class, "{\"type\":\"resource\",\"resource\":{\"uri\":\"file:///a\",\"text\":\"x\"},"
                + "\"annotations\":{\"lastModified\":\"2025-01-01T00:00:00Z\"}," + META + "}",
                req("type", "resource"), opt("annotations", "_meta"));
        add(c, ToolUseContent.class, "{\"type\":\"tool_use\",\"id\":\"c1\",\"name\":\"w\","
                + "\"input\":{\"city\":\"Paris\"}," + META + "}", req("type", "id", "name", "input"), opt("_meta"));
        add(c, ToolResultContent.class, "{\"type\":\"tool_result\",\"toolUseId\":\"c1\",\"content\":[" + TEXT
                + "],\"structuredContent\":{\"t\":1},\"isError\":false," + META + "}",
                req("type", "toolUseId", "content"), opt("structuredContent", "isError", "_meta"));
        add(c, Annotations.class, "{\"audience\":[\"user\",\"assistant\"],\"priority\":0.7,"
                + "\"lastModified\":\"2025-05-03T14:30:00Z\"}", req(), opt("audience", "priority", "lastModified"));
        add(c, TextResourceContents.class, "{\"uri\":\"file:///a\",\"mimeType\":\"text/plain\",\"text\":\"x\","
                + META + "}", req("uri"), opt("mimeType", "_meta"));
        add(c, BlobResourceContents.class, "{\"uri\":\"file:///a\",\"mimeType\":\"image/png\",\"blob\":\"AAAA\","
                + META + "}", req("uri"), opt("mimeType", "_meta"));
        // tools
        add(c, Tool.class, "{\"name\":\"t\",\"title\":\"T\",\"description\":\"d\",\"inputSchema\":{\"type\":\"object\"},"
                + "\"outputSchema\":{\"type\":\"object\"},\"annotations\":{\"readOnlyHint\":true},"
                + "\"icons\":[{\"src\":\"s\"}],\"execution\":{\"taskSupport\":\"optional\"}," + META + "}",
                req("name", "inputSchema"),
                opt("title", "description", "outputSchema", "annotations", "icons", "execution", "_meta"));
        add(c, ToolAnnotations.class, "{\"title\":\"T\",\"readOnlyHint\":true,\"destructiveHint\":false,"
                + "\"idempotentHint\":true,\"openWorldHint\":false}", req(),
                opt("title", "readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"));
        add(c, ListToolsRequest.class, "{" + META + ",\"cursor\":\"c\"}", req(), opt("cursor", "_meta"));
        add(c, ListToolsResult.class, "{\"resultType\":\"complete\",\"tools\":[" + TOOL + "],\"nextCursor\":\"n\","
                + "\"ttlMs\":1,\"cacheScope\":\"private\"," + META + "}", req("tools"),
                opt("nextCursor", "cacheScope", "_meta"));
        add(c, CallToolRequest.class, "{" + META + ",\"name\":\"t\",\"arguments\":{\"a\":1},"
                + "\"inputResponses\":{\"k\":{\"action\":\"accept\"}},\"requestState\":\"s\"}", req("name"),
                opt("arguments", "inputResponses", "requestState", "_meta"));
        add(c, CallToolResult.class, "{\"resultType\":\"complete\",\"content\":[" + TEXT + "],"
                + "\"structuredContent\":{\"a\":1},\"isError\":true," + META + "}", req("content"),
                opt("structuredContent", "isError", "_meta"));
        // resources
        add(c, Resource.class, "{\"uri\":\"file:///a\",\"name\":\"a\",\"title\":\"A\",\"description\":\"d\","
                + "\"mimeType\":\"text/plain\",\"size\":3,\"icons\":[{\"src\":\"s\"}],"
                + "\"annotations\":{\"priority\":0.1}," + META + "}", req("uri", "name"),
                opt("title", "description", "mimeType", "size", "icons", "annotations", "_meta"));
        add(c, ResourceTemplate.class, "{\"uriTemplate\":\"file:///{p}\",\"name\":\"f\",\"title\":\"F\","
                + "\"description\":\"d\",\"mimeType\":\"text/plain\",\"icons\":[{\"src\":\"s\"}],"
                + "\"annotations\":{\"priority\":0.1}," + META + "}", req("uriTemplate", "name"),
                opt("title", "description", "mimeType", "icons", "annotations", "_meta"));
        add(c, ListResourcesRequest.class, "{" + META + ",\"cursor\":\"c\"}", req(), opt("cursor", "_meta"));
        add(c, ListResourceTemplatesRequest.class, "{" + META + ",\"cursor\":\"c\"}", req(), opt("cursor", "_meta"));
        add(c, ListResourcesResult.class, "{\"resultType\":\"complete\",\"resources\":[{\"uri\":\"u\",\"name\":\"n\"}],"
                + "\"nextCursor\":\"n\",\"ttlMs\":1,\"cacheScope\":\"public\"," + META + "}", req("resources"),
                opt("nextCursor", "cacheScope", "_meta"));
        add(c, ListResourceTemplatesResult.class, "{\"resultType\":\"complete\",\"resourceTemplates\":"
                + "[{\"uriTemplate\":\"u/{x}\",\"name\":\"n\"}],\"nextCursor\":\"n\",\"ttlMs\":1,"
                + "\"cacheScope\":\"public\"," + META + "}", req("resourceTemplates"),
                opt("nextCursor", "cacheScope", "_meta"));
        add(c, ReadResourceRequest.class, "{" + META + ",\"uri\":\"file:///a\",\"inputResponses\":"
                + "{\"k\":{\"roots\":[]}},\"requestState\":\"s\"}", req("uri"),
                opt("inputResponses", "requestState", "_meta"));
        add(c, ReadResourceResult.class, "{\"resultType\":\"complete\",\"contents\":[{\"uri\":\"u\",\"text\":\"t\"}],"
                + "\"ttlMs\":1,\"cacheScope\":\"public\"," + META + "}", req("contents"), opt("cacheScope", "_meta"));
        add(c, SubscribeRequest.class, "{" + META + ",\"uri\":\"file:///a\"}", req("uri"), opt("_meta"));
        add(c, UnsubscribeRequest.class, "{" + META + ",\"uri\":\"file:///a\"}", req("uri"), opt("_meta"));
        add(c, ResourceUpdatedNotification.class, "{" + META + ",\"uri\":\"file:///a\"}", req("uri"), opt("_meta"));
        // prompts
        add(c, Prompt.class, "{\"name\":\"p\",\"title\":\"P\",\"description\":\"d\",\"arguments\":[{\"name\":\"a\"}],"
                + "\"icons\":[{\"src\":\"s\"}]," + META + "}", req("name"),
                opt("title", "description", "arguments", "icons", "_meta"));
        add(c, PromptArgument.class, "{\"name\":\"a\",\"title\":\"A\",\"description\":\"d\",\"required\":true}",
                req("name"), opt("title", "description", "required"));
        add(c, ListPromptsRequest.class, "{" + META + ",\"cursor\":\"c\"}", req(), opt("cursor", "_meta"));
        add(c, ListPromptsResult.class, "{\"resultType\":\"complete\",\"prompts\":[{\"name\":\"p\"}],"
                + "\"nextCursor\":\"n\",\"ttlMs\":1,\"cacheScope\":\"public\"," + META + "}", req("prompts"),
                opt("nextCursor", "cacheScope", "_meta"));
        add(c, GetPromptRequest.class, "{" + META + ",\"name\":\"p\",\"arguments\":{\"a\":\"b\"},"
                + "\"inputResponses\":{\"k\":{\"action\":\"cancel\"}},\"requestState\":\"s\"}", req("name"),
                opt("arguments", "inputResponses", "requestState", "_meta"));
        add(c, GetPromptResult.class, "{\"resultType\":\"complete\",\"description\":\"d\",\"messages\":"
                + "[{\"role\":\"user\",\"content\":" + TEXT + "}]," + META + "}", req("messages"),
                opt("description", "_meta"));
        add(c, PromptMessage.class, "{\"role\":\"user\",\"content\":" + TEXT + "}", req("role", "content"), opt());
        // completion
        add(c, PromptReference.class, "{\"type\":\"ref/prompt\",\"name\":\"p\",\"title\":\"P\"}",
                req("type", "name"), opt("title"));
        add(c, ResourceTemplateReference.class, "{\"type\":\"ref/resource\",\"uri\":\"file:///{p}\"}",
                req("type", "uri"), opt());
        add(c, CompleteRequest.class, "{" + META + ",\"ref\":{\"type\":\"ref/prompt\",\"name\":\"p\"},"
                + "\"argument\":{\"name\":\"a\",\"value\":\"v\"},\"context\":{\"arguments\":{\"x\":\"y\"}}}",
                req("ref", "argument"), opt("context", "_meta"));
        add(c, CompleteRequest.Argument.class, "{\"name\":\"a\",\"value\":\"v\"}", req("name", "value"), opt());
        add(c, CompleteRequest.Context.class, "{\"arguments\":{\"x\":\"y\"}}", req(), opt("arguments"));
        add(c, CompleteResult.class, "{\"resultType\":\"complete\",\"completion\":{\"values\":[\"a\"],\"total\":1,"
                + "\"hasMore\":false}," + META + "}", req("completion"), opt("_meta"));
        add(c, CompleteResult.Completion.class, "{\"values\":[\"a\"],\"total\":1,\"hasMore\":false}",
                req("values"), opt("total", "hasMore"));
        // logging and notifications
        add(c, LoggingMessageNotification.class, "{" + META + ",\"level\":\"error\",\"logger\":\"db\","
                + "\"data\":{\"x\":1}}", req("level", "data"), opt("logger", "_meta"));
        add(c, SetLevelRequest.class, "{" + META + ",\"level\":\"info\"}", req("level"), opt("_meta"));
        add(c, ProgressNotification.class, "{" + META + ",\"progressToken\":\"t\",\"progress\":50,\"total\":100,"
                + "\"message\":\"m\"}", req("progressToken", "progress"), opt("total", "message", "_meta"));
        add(c, CancelledNotification.class, "{" + META + ",\"requestId\":\"1\",\"reason\":\"r\"}",
                req("requestId"), opt("reason", "_meta"));
        add(c, ListChangedNotification.class, "{\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":\"l\"}}",
                req(), opt("_meta"));
        // MRTR
        add(c, InputRequiredResult.class, "{\"resultType\":\"input_required\",\"inputRequests\":"
                + "{\"r\":{\"method\":\"roots/list\"}},\"requestState\":\"s\"," + META + "}", req("resultType"),
                opt("inputRequests", "requestState", "_meta"));
        add(c, InputRequest.Elicitation.class, "{\"method\":\"elicitation/create\",\"params\":{\"message\":\"m\","
                + "\"requestedSchema\":{\"type\":\"object\",\"properties\":{}}}}", req("method", "params"), opt());
        add(c, InputRequest.Sampling.class, "{\"method\":\"sampling/createMessage\",\"params\":"
                + "{\"messages\":[],\"maxTokens\":1}}", req("method", "params"), opt());
        add(c, InputRequest.RootsListing.class, "{\"method\":\"roots/list\",\"params\":{" + META + "}}",
                req("method"), opt());
        add(c, InputRequest.Unknown.class, "{\"method\":\"x/y\",\"params\":{\"a\":1}}", req("method"), opt("params"));
        // elicitation
        add(c, ElicitRequest.class, "form", "{" + META + ",\"mode\":\"form\",\"message\":\"m\","
                + "\"requestedSchema\":{\"type\":\"object\",\"properties\":{}}}", req("message", "requestedSchema"),
                opt("mode", "_meta"));
        add(c, ElicitRequest.class, "url", "{\"mode\":\"url\",\"message\":\"m\",\"url\":\"https://x\"," + META + "}",
                req("message", "url"), opt("_meta"));
        add(c, ElicitResult.class, "{\"action\":\"accept\",\"content\":{\"a\":\"b\"}," + META + "}", req("action"),
                opt("content", "_meta"));
        add(c, StringSchema.class, "{\"type\":\"string\",\"title\":\"T\",\"description\":\"d\",\"minLength\":1,"
                + "\"maxLength\":5,\"format\":\"email\",\"default\":\"a@b.c\"}", req("type"),
                opt("title", "description", "minLength", "maxLength", "format", "default:defaultValue"));
        add(c, NumberSchema.class, "{\"type\":\"integer\",\"title\":\"T\",\"description\":\"d\",\"minimum\":0,"
                + "\"maximum\":10,\"default\":5}", req("type"),
                opt("title", "description", "minimum", "maximum", "default:defaultValue"));
        add(c, BooleanSchema.class, "{\"type\":\"boolean\",\"title\":\"T\",\"description\":\"d\",\"default\":true}",
                req("type"), opt("title", "description", "default:defaultValue"));
        add(c, UntitledSingleSelectEnumSchema.class, "{\"type\":\"string\",\"title\":\"T\",\"description\":\"d\","
                + "\"enum\":[\"a\",\"b\"],\"default\":\"a\"}", req("type"),
                opt("title", "description", "default:defaultValue"));
        add(c, TitledSingleSelectEnumSchema.class, "{\"type\":\"string\",\"title\":\"T\",\"description\":\"d\","
                + "\"oneOf\":[{\"const\":\"a\",\"title\":\"A\"}],\"default\":\"a\"}", req("type"),
                opt("title", "description", "default:defaultValue"));
        add(c, UntitledMultiSelectEnumSchema.class, "{\"type\":\"array\",\"title\":\"T\",\"description\":\"d\","
                + "\"minItems\":1,\"maxItems\":2,\"items\":{\"type\":\"string\",\"enum\":[\"a\",\"b\"]},"
                + "\"default\":[\"a\"]}", req("type", "items"),
                opt("title", "description", "minItems", "maxItems", "default:defaultValue"));
        add(c, TitledMultiSelectEnumSchema.class, "{\"type\":\"array\",\"title\":\"T\",\"description\":\"d\","
                + "\"minItems\":1,\"maxItems\":2,\"items\":{\"anyOf\":[{\"const\":\"a\",\"title\":\"A\"}]},"
                + "\"default\":[\"a\"]}", req("type", "items"),
                opt("title", "description", "minItems", "maxItems", "default:defaultValue"));
        add(c, LegacyTitledEnumSchema.class, "{\"type\":\"string\",\"title\":\"T\",\"description\":\"d\","
                + "\"enum\":[\"a\"],\"enumNames\":[\"A\"],\"default\":\"a\"}", req("type"),
                opt("title", "description", "default:defaultValue"));
        add(c, EnumOption.class, "{\"const\":\"a\",\"title\":\"A\"}", req("const", "title"), opt());
        // sampling and roots
        add(c, SamplingMessage.class, "{\"role\":\"user\",\"content\":" + TEXT + "," + META + "}",
                req("role", "content"), opt("_meta"));
        add(c, ModelHint.class, "{\"name\":\"claude\"}", req(), opt("name"));
        add(c, ModelPreferences.class, "{\"hints\":[{\"name\":\"c\"}],\"costPriority\":0.1,\"speedPriority\":0.2,"
                + "\"intelligencePriority\":0.3}", req(),
                opt("hints", "costPriority", "speedPriority", "intelligencePriority"));
        add(c, CreateMessageRequest.class, "{" + META + ",\"messages\":[{\"role\":\"user\",\"content\":" + TEXT
                + "}],\"modelPreferences\":{\"costPriority\":0.5},\"systemPrompt\":\"s\",\"includeContext\":\"none\","
                + "\"temperature\":0.7,\"maxTokens\":100,\"stopSequences\":[\"\\n\"],\"metadata\":{\"a\":1},"
                + "\"tools\":[" + TOOL + "],\"toolChoice\":{\"mode\":\"auto\"}}", req("messages", "maxTokens"),
                opt("modelPreferences", "systemPrompt", "includeContext", "temperature", "stopSequences",
                        "metadata", "tools", "toolChoice", "_meta"));
        add(c, CreateMessageResult.class, "{\"role\":\"assistant\",\"content\":" + TEXT + ",\"model\":\"m\","
                + "\"stopReason\":\"endTurn\"," + META + "}", req("role", "content", "model"),
                opt("stopReason", "_meta"));
        add(c, Root.class, "{\"uri\":\"file:///a\",\"name\":\"A\"," + META + "}", req("uri"), opt("name", "_meta"));
        add(c, ListRootsRequest.class, "{" + META + "}", req(), opt("_meta"));
        add(c, ListRootsResult.class, "{\"roots\":[{\"uri\":\"file:///a\"}]," + META + "}", req("roots"),
                opt("_meta"));
        // subscriptions
        add(c, SubscriptionFilter.class, "{\"toolsListChanged\":true,\"promptsListChanged\":false,"
                + "\"resourcesListChanged\":true,\"resourceSubscriptions\":[\"file:///a\"],\"taskIds\":[\"t1\"]}",
                req(), opt("toolsListChanged", "promptsListChanged", "resourcesListChanged",
                        "resourceSubscriptions", "taskIds"));
        add(c, SubscriptionsListenRequest.class, "{" + META + ",\"notifications\":{\"toolsListChanged\":true}}",
                req("notifications"), opt("_meta"));
        add(c, SubscriptionsAcknowledged.class, "{\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":1},"
                + "\"notifications\":{\"toolsListChanged\":true}}", req("notifications"), opt("_meta"));
        add(c, SubscriptionsListenResult.class, "{\"resultType\":\"complete\","
                + "\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":\"l\"}}", req("_meta"), opt());
        // tasks extension (ttlMs is required but may be null: in neither list, TaskCodecTest covers it;
        // the composite shapes list only their own members, the Task row covers the shared ones)
        add(c, Task.class, "{" + TASK + "}", req("taskId", "status", "createdAt", "lastUpdatedAt"),
                opt("statusMessage", "pollIntervalMs"));
        add(c, DetailedTask.class, "input_required", "{" + TASK.replace("working", "input_required")
                + ",\"inputRequests\":{\"k\":{\"method\":\"roots/list\"}}}", req("inputRequests"), opt());
        add(c, DetailedTask.class, "completed", "{" + TASK.replace("working", "completed") + ",\"result\":"
                + "{\"resultType\":\"complete\",\"content\":[]}}", req("result"), opt());
        add(c, DetailedTask.class, "failed", "{" + TASK.replace("working", "failed") + ",\"error\":"
                + "{\"code\":-32603,\"message\":\"m\"}}", req("error"), opt());
        add(c, CreateTaskResult.class, "{\"resultType\":\"task\"," + TASK + "," + META + "}", req(), opt("_meta"));
        add(c, GetTaskResult.class, "{\"resultType\":\"complete\"," + TASK + "," + META + "}", req(), opt("_meta"));
        add(c, GetTaskRequest.class, "{" + META + ",\"taskId\":\"t\"}", req("taskId"), opt("_meta"));
        add(c, CancelTaskRequest.class, "{" + META + ",\"taskId\":\"t\"}", req("taskId"), opt("_meta"));
        add(c, UpdateTaskRequest.class, "{" + META + ",\"taskId\":\"t\",\"inputResponses\":{\"k\":"
                + "{\"action\":\"accept\"}}}", req("taskId", "inputResponses"), opt("_meta"));
        add(c, TaskStatusNotification.class, "{\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":1}," + TASK
                + "}", req(), opt("_meta"));
        // discovery documents ($schema of a card and url/data of a catalog entry act as discriminators)
        String schema = "\"$schema\":\"" + ServerCard.SCHEMA_URI + "\",";
        add(c, ServerCard.class, "{" + schema + "\"name\":\"a.b/c\",\"version\":\"1\",\"description\":\"d\","
                + "\"title\":\"T\",\"websiteUrl\":\"https://x\",\"repository\":{\"url\":\"https://g\",\"source\":\"github\"},"
                + "\"icons\":[{\"src\":\"https://x/i.png\"}],\"remotes\":[{\"type\":\"sse\",\"url\":\"https://x\"}],"
                + META + "}", req("name", "version", "description"),
                opt("title", "websiteUrl", "repository", "icons", "remotes", "_meta"));
        add(c, Repository.class, "{\"url\":\"https://g\",\"source\":\"github\",\"subfolder\":\"s\",\"id\":\"1\"}",
                req("url", "source"), opt("subfolder", "id"));
        add(c, Remote.class, "{\"type\":\"streamable-http\",\"url\":\"https://{r}.x\",\"headers\":[{\"name\":\"H\"}],"
                + "\"variables\":{\"r\":{}},\"supportedProtocolVersions\":[\"2026-07-28\"]}", req("type", "url"),
                opt("headers", "variables", "supportedProtocolVersions"));
        add(c, Input.class, "{\"description\":\"d\",\"isRequired\":true,\"isSecret\":false,\"format\":\"string\","
                + "\"default\":\"x\",\"placeholder\":\"p\",\"value\":\"v\",\"choices\":[\"x\"]}", req(),
                opt("description", "isRequired", "isSecret", "format", "default:defaultValue", "placeholder", "value",
                        "choices"));
        add(c, KeyValueInput.class, "{\"name\":\"H\",\"description\":\"d\",\"value\":\"{v}\",\"variables\":{\"v\":{}}}",
                req("name"), opt("variables"));
        add(c, AiCatalog.class, "{\"specVersion\":\"1.0\",\"host\":{\"displayName\":\"h\"},\"entries\":[],"
                + "\"extensions\":{}}", req("specVersion", "entries"), opt("host", "extensions"));
        add(c, AiCatalog.Host.class, "{\"displayName\":\"h\",\"identifier\":\"did:web:x\",\"documentationUrl\":\"https://d\","
                + "\"logoUrl\":\"https://l\"}", req("displayName"), opt("identifier", "documentationUrl", "logoUrl"));
        add(c, CatalogEntry.class, "{\"identifier\":\"urn:air:x:mcp:y\",\"displayName\":\"n\",\"type\":\"t\","
                + "\"description\":\"d\",\"tags\":[\"a\"],\"version\":\"1\",\"updatedAt\":\"2026-01-01T00:00:00Z\","
                + "\"url\":\"https://x\",\"extensions\":{}}", req("identifier", "type"),
                opt("displayName", "description", "tags", "version", "updatedAt", "extensions"));
        // errors
        add(c, JsonRpcError.class, "{\"code\":-32602,\"message\":\"m\",\"data\":{\"a\":1}}", req("code", "message"),
                opt("data"));
        add(c, UnsupportedProtocolVersionError.class, "{\"code\":-32022,\"message\":\"m\",\"data\":"
                + "{\"supported\":[\"2026-07-28\"],\"requested\":\"x\"}}", req("code", "message", "data"), opt());
        add(c, MissingRequiredClientCapabilityError.class, "{\"code\":-32021,\"message\":\"m\",\"data\":"
                + "{\"requiredCapabilities\":{\"roots\":{}}}}", req("code", "message", "data"), opt());
        return List.copyOf(c);
    }

    private static void add(List<Case> c, Class<?> type, String json, List<String> required, List<String> optional) {
        add(c, type, type.getSimpleName(), json, required, optional);
    }

    private static void add(List<Case> c, Class<?> type, String variant, String json, List<String> required,
                            List<String> optional) {
        String label = variant.equals(type.getSimpleName()) ? variant : type.getSimpleName() + "(" + variant + ")";
        c.add(new Case(type, label, (JsonObject) Wire.parse(json), required, optional));
    }

    private static List<String> req(String... members) {
        return List.of(members);
    }

    private static List<String> opt(String... members) {
        return List.of(members);
    }

    /** The wire name of an optional-member spec ({@code wire} or {@code wire:component}). */
    static String wireName(String spec) {
        int i = spec.indexOf(':');
        return i < 0 ? spec : spec.substring(0, i);
    }

    /** The record component of an optional-member spec. */
    static String componentName(String spec) {
        int i = spec.indexOf(':');
        if (i >= 0) {
            return spec.substring(i + 1);
        }
        return spec.equals("_meta") ? "meta" : spec;
    }
}
