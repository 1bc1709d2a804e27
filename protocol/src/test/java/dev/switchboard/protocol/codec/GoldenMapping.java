package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.PaginatedRequest;
import dev.switchboard.protocol.completion.CompleteRequest;
import dev.switchboard.protocol.completion.CompleteResult;
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
import dev.switchboard.protocol.elicitation.NumberSchema;
import dev.switchboard.protocol.elicitation.StringSchema;
import dev.switchboard.protocol.elicitation.TitledMultiSelectEnumSchema;
import dev.switchboard.protocol.elicitation.TitledSingleSelectEnumSchema;
import dev.switchboard.protocol.elicitation.UntitledMultiSelectEnumSchema;
import dev.switchboard.protocol.elicitation.UntitledSingleSelectEnumSchema;
import dev.switchboard.protocol.errors.MissingRequiredClientCapabilityError;
import dev.switchboard.protocol.errors.UnsupportedProtocolVersionError;
import dev.switchboard.protocol.jsonrpc.JsonRpcError;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.lifecycle.DiscoverRequest;
import dev.switchboard.protocol.lifecycle.DiscoverResult;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.protocol.logging.LoggingMessageNotification;
import dev.switchboard.protocol.mrtr.InputRequiredResult;
import dev.switchboard.protocol.notifications.CancelledNotification;
import dev.switchboard.protocol.notifications.ListChangedNotification;
import dev.switchboard.protocol.notifications.ProgressNotification;
import dev.switchboard.protocol.prompts.GetPromptRequest;
import dev.switchboard.protocol.prompts.GetPromptResult;
import dev.switchboard.protocol.prompts.ListPromptsRequest;
import dev.switchboard.protocol.prompts.ListPromptsResult;
import dev.switchboard.protocol.resources.ListResourceTemplatesRequest;
import dev.switchboard.protocol.resources.ListResourceTemplatesResult;
import dev.switchboard.protocol.resources.ListResourcesRequest;
import dev.switchboard.protocol.resources.ListResourcesResult;
import dev.switchboard.protocol.resources.ReadResourceRequest;
import dev.switchboard.protocol.resources.ReadResourceResult;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceUpdatedNotification;
import dev.switchboard.protocol.roots.ListRootsRequest;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.roots.Root;
import dev.switchboard.protocol.sampling.CreateMessageRequest;
import dev.switchboard.protocol.sampling.CreateMessageResult;
import dev.switchboard.protocol.sampling.ModelPreferences;
import dev.switchboard.protocol.sampling.SamplingMessage;
import dev.switchboard.protocol.subscriptions.SubscriptionsAcknowledged;
import dev.switchboard.protocol.subscriptions.SubscriptionsListenRequest;
import dev.switchboard.protocol.subscriptions.SubscriptionsListenResult;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.ListToolsRequest;
import dev.switchboard.protocol.tools.ListToolsResult;
import dev.switchboard.protocol.tools.Tool;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How each example directory of the spec maps onto our types. A directory missing here fails
 * the golden test: every upstream type must have a mapping.
 */
final class GoldenMapping {

    /** How a file of a directory is shaped. */
    sealed interface Shape {
    }

    /** The file is the record's own JSON. */
    record Plain(Class<?> type) implements Shape {
    }

    /** A JSON-RPC request or notification whose params decode as {@code params}. */
    record RpcMessage(Class<?> params) implements Shape {
    }

    /** A JSON-RPC result response whose result decodes as {@code result} (or as an input-required result). */
    record ResultResponse(Class<?> result) implements Shape {
    }

    /** A JSON-RPC error response whose error object decodes as {@code error}. */
    record ErrorResponse(Class<?> error) implements Shape {
    }

    /** An MRTR input request: {@code {method, params}} with params of type {@code params}. */
    record InputRequestShape(Class<?> params) implements Shape {
    }

    /** A map of MRTR input requests ({@code InputRequests}). */
    record InputRequestMap() implements Shape {
    }

    /** A map of MRTR input responses ({@code InputResponses}). */
    record InputResponseMap() implements Shape {
    }

    static final Map<String, Shape> SHAPES = build();

    private GoldenMapping() {
    }

    private static Map<String, Shape> build() {
        Map<String, Shape> m = new LinkedHashMap<>();
        // Content and its parts
        plain(m, TextContent.class, ImageContent.class, AudioContent.class, ResourceLink.class,
                EmbeddedResource.class, ToolUseContent.class, ToolResultContent.class,
                TextResourceContents.class, BlobResourceContents.class);
        // Definitions and capabilities
        plain(m, Tool.class, Resource.class, Root.class, ClientCapabilities.class, ServerCapabilities.class,
                ModelPreferences.class, SamplingMessage.class);
        // Results
        plain(m, CallToolResult.class, CompleteResult.class, DiscoverResult.class, GetPromptResult.class,
                ListPromptsResult.class, ListResourcesResult.class, ListResourceTemplatesResult.class,
                ListToolsResult.class, ReadResourceResult.class, SubscriptionsListenResult.class,
                InputRequiredResult.class, ElicitResult.class, CreateMessageResult.class, ListRootsResult.class);
        // Elicitation primitive schemas
        plain(m, BooleanSchema.class, NumberSchema.class, StringSchema.class, TitledMultiSelectEnumSchema.class,
                TitledSingleSelectEnumSchema.class, UntitledMultiSelectEnumSchema.class,
                UntitledSingleSelectEnumSchema.class);
        // Params objects, named <Method>Params upstream and <Method> here
        m.put("CallToolRequestParams", new Plain(CallToolRequest.class));
        m.put("CancelledNotificationParams", new Plain(CancelledNotification.class));
        m.put("CompleteRequestParams", new Plain(CompleteRequest.class));
        m.put("CreateMessageRequestParams", new Plain(CreateMessageRequest.class));
        m.put("ElicitRequestFormParams", new Plain(ElicitRequest.class));
        m.put("ElicitRequestURLParams", new Plain(ElicitRequest.class));
        m.put("GetPromptRequestParams", new Plain(GetPromptRequest.class));
        m.put("LoggingMessageNotificationParams", new Plain(LoggingMessageNotification.class));
        m.put("PaginatedRequestParams", new Plain(PaginatedRequest.class));
        m.put("ProgressNotificationParams", new Plain(ProgressNotification.class));
        m.put("ResourceUpdatedNotificationParams", new Plain(ResourceUpdatedNotification.class));
        // Bare JSON-RPC error objects
        for (String name : new String[] {"ParseError", "InternalError", "InvalidParamsError", "MethodNotFoundError"}) {
            m.put(name, new Plain(JsonRpcError.class));
        }
        // Full JSON-RPC requests and notifications
        m.put("CallToolRequest", new RpcMessage(CallToolRequest.class));
        m.put("CancelledNotification", new RpcMessage(CancelledNotification.class));
        m.put("CompleteRequest", new RpcMessage(CompleteRequest.class));
        m.put("DiscoverRequest", new RpcMessage(DiscoverRequest.class));
        m.put("GetPromptRequest", new RpcMessage(GetPromptRequest.class));
        m.put("ListPromptsRequest", new RpcMessage(ListPromptsRequest.class));
        m.put("ListResourceTemplatesRequest", new RpcMessage(ListResourceTemplatesRequest.class));
        m.put("ListResourcesRequest", new RpcMessage(ListResourcesRequest.class));
        m.put("ListToolsRequest", new RpcMessage(ListToolsRequest.class));
        m.put("LoggingMessageNotification", new RpcMessage(LoggingMessageNotification.class));
        m.put("ProgressNotification", new RpcMessage(ProgressNotification.class));
        m.put("PromptListChangedNotification", new RpcMessage(ListChangedNotification.class));
        m.put("ResourceListChangedNotification", new RpcMessage(ListChangedNotification.class));
        m.put("ToolListChangedNotification", new RpcMessage(ListChangedNotification.class));
        m.put("ReadResourceRequest", new RpcMessage(ReadResourceRequest.class));
        m.put("ResourceUpdatedNotification", new RpcMessage(ResourceUpdatedNotification.class));
        m.put("SubscriptionsAcknowledgedNotification", new RpcMessage(SubscriptionsAcknowledged.class));
        m.put("SubscriptionsListenRequest", new RpcMessage(SubscriptionsListenRequest.class));
        // Upstream writes this one as {"id", "method"} without "jsonrpc"; see GoldenRoundTripTest.
        m.put("ListRootsRequest", new RpcMessage(ListRootsRequest.class));
        // Result responses
        m.put("CallToolResultResponse", new ResultResponse(CallToolResult.class));
        m.put("CompleteResultResponse", new ResultResponse(CompleteResult.class));
        m.put("DiscoverResultResponse", new ResultResponse(DiscoverResult.class));
        m.put("GetPromptResultResponse", new ResultResponse(GetPromptResult.class));
        m.put("ListPromptsResultResponse", new ResultResponse(ListPromptsResult.class));
        m.put("ListResourceTemplatesResultResponse", new ResultResponse(ListResourceTemplatesResult.class));
        m.put("ListResourcesResultResponse", new ResultResponse(ListResourcesResult.class));
        m.put("ListToolsResultResponse", new ResultResponse(ListToolsResult.class));
        m.put("ReadResourceResultResponse", new ResultResponse(ReadResourceResult.class));
        m.put("SubscriptionsListenResultResponse", new ResultResponse(SubscriptionsListenResult.class));
        // Error responses
        m.put("HeaderMismatchError", new ErrorResponse(JsonRpcError.class));
        m.put("MissingRequiredClientCapabilityError", new ErrorResponse(MissingRequiredClientCapabilityError.class));
        m.put("UnsupportedProtocolVersionError", new ErrorResponse(UnsupportedProtocolVersionError.class));
        // MRTR
        m.put("CreateMessageRequest", new InputRequestShape(CreateMessageRequest.class));
        m.put("ElicitRequest", new InputRequestShape(ElicitRequest.class));
        m.put("InputRequests", new InputRequestMap());
        m.put("InputResponses", new InputResponseMap());
        return m;
    }

    private static void plain(Map<String, Shape> m, Class<?>... types) {
        for (Class<?> t : types) {
            m.put(t.getSimpleName(), new Plain(t));
        }
    }
}
