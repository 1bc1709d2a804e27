package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.EmptyResult;
import dev.switchboard.protocol.PaginatedRequest;
import dev.switchboard.protocol.cards.AiCatalog;
import dev.switchboard.protocol.cards.CatalogEntry;
import dev.switchboard.protocol.cards.Input;
import dev.switchboard.protocol.cards.KeyValueInput;
import dev.switchboard.protocol.cards.Remote;
import dev.switchboard.protocol.cards.Repository;
import dev.switchboard.protocol.cards.ServerCard;
import dev.switchboard.protocol.completion.CompleteRequest;
import dev.switchboard.protocol.completion.CompleteResult;
import dev.switchboard.protocol.completion.PromptReference;
import dev.switchboard.protocol.completion.Reference;
import dev.switchboard.protocol.completion.ResourceTemplateReference;
import dev.switchboard.protocol.completion.UnknownReference;
import dev.switchboard.protocol.content.Annotations;
import dev.switchboard.protocol.content.AudioContent;
import dev.switchboard.protocol.content.BlobResourceContents;
import dev.switchboard.protocol.content.Content;
import dev.switchboard.protocol.content.EmbeddedResource;
import dev.switchboard.protocol.content.ImageContent;
import dev.switchboard.protocol.content.ResourceContents;
import dev.switchboard.protocol.content.ResourceLink;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.content.ToolResultContent;
import dev.switchboard.protocol.content.ToolUseContent;
import dev.switchboard.protocol.content.UnknownContent;
import dev.switchboard.protocol.content.UnknownResourceContents;
import dev.switchboard.protocol.elicitation.BooleanSchema;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.elicitation.EnumOption;
import dev.switchboard.protocol.elicitation.LegacyTitledEnumSchema;
import dev.switchboard.protocol.elicitation.NumberSchema;
import dev.switchboard.protocol.elicitation.PrimitiveSchemaDefinition;
import dev.switchboard.protocol.elicitation.StringSchema;
import dev.switchboard.protocol.elicitation.TitledMultiSelectEnumSchema;
import dev.switchboard.protocol.elicitation.TitledSingleSelectEnumSchema;
import dev.switchboard.protocol.elicitation.UnknownPrimitiveSchema;
import dev.switchboard.protocol.elicitation.UntitledMultiSelectEnumSchema;
import dev.switchboard.protocol.elicitation.UntitledSingleSelectEnumSchema;
import dev.switchboard.protocol.errors.MissingRequiredClientCapabilityError;
import dev.switchboard.protocol.errors.UnsupportedProtocolVersionError;
import dev.switchboard.protocol.json.Json;
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

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The table behind {@link Codec}: every protocol type with its decoder and encoder. Built once,
 * read-only afterwards. A union's variants (e.g. {@link TextContent}) decode through the union
 * and then check the kind, so {@code decode(json, TextContent.class)} on an image is an error.
 */
final class CodecRegistry {
    /** One row: how to read and write {@code type}. */
    record Entry<T>(Class<T> type, BiFunction<Json, String, ? extends T> decoder,
                    Function<? super T, JsonObject> encoder) {
        JsonObject encodeAny(Object value) {
            return encoder.apply(type.cast(value));
        }
    }

    static final Map<Class<?>, Entry<?>> ENTRIES = build();

    private CodecRegistry() {
    }

    private static Map<Class<?>, Entry<?>> build() {
        Table t = new Table();
        t.add(EmptyResult.class, BasicCodec::decodeEmptyResult, BasicCodec::encode);
        t.add(PaginatedRequest.class, BasicCodec::decodePaginatedRequest, BasicCodec::encode);
        // lifecycle
        t.add(Icon.class, LifecycleCodec::decodeIcon, LifecycleCodec::encode);
        t.add(Implementation.class, LifecycleCodec::decodeImplementation, LifecycleCodec::encode);
        t.add(ClientCapabilities.class, LifecycleCodec::decodeClientCapabilities, LifecycleCodec::encode);
        t.add(ServerCapabilities.class, LifecycleCodec::decodeServerCapabilities, LifecycleCodec::encode);
        t.add(ServerCapabilities.ToolsCapability.class, LifecycleCodec::decodeToolsCapability, LifecycleCodec::encode);
        t.add(ServerCapabilities.PromptsCapability.class, LifecycleCodec::decodePromptsCapability,
                LifecycleCodec::encode);
        t.add(ServerCapabilities.ResourcesCapability.class, LifecycleCodec::decodeResourcesCapability,
                LifecycleCodec::encode);
        t.add(DiscoverRequest.class, LifecycleCodec::decodeDiscoverRequest, LifecycleCodec::encode);
        t.add(DiscoverResult.class, LifecycleCodec::decodeDiscoverResult, LifecycleCodec::encode);
        t.add(InitializeRequest.class, LifecycleCodec::decodeInitializeRequest, LifecycleCodec::encode);
        t.add(InitializeResult.class, LifecycleCodec::decodeInitializeResult, LifecycleCodec::encode);
        // content
        t.add(Content.class, ContentCodec::decodeContent, ContentCodec::encode);
        t.variant(TextContent.class, ContentCodec::decodeContent, ContentCodec::encode);
        t.variant(ImageContent.class, ContentCodec::decodeContent, ContentCodec::encode);
        t.variant(AudioContent.class, ContentCodec::decodeContent, ContentCodec::encode);
        t.variant(ResourceLink.class, ContentCodec::decodeContent, ContentCodec::encode);
        t.variant(EmbeddedResource.class, ContentCodec::decodeContent, ContentCodec::encode);
        t.variant(ToolUseContent.class, ContentCodec::decodeContent, ContentCodec::encode);
        t.variant(ToolResultContent.class, ContentCodec::decodeContent, ContentCodec::encode);
        t.variant(UnknownContent.class, ContentCodec::decodeContent, ContentCodec::encode);
        t.add(Annotations.class, ContentCodec::decodeAnnotations, ContentCodec::encode);
        t.add(ResourceContents.class, ContentCodec::decodeResourceContents, ContentCodec::encode);
        t.variant(TextResourceContents.class, ContentCodec::decodeResourceContents, ContentCodec::encode);
        t.variant(BlobResourceContents.class, ContentCodec::decodeResourceContents, ContentCodec::encode);
        t.variant(UnknownResourceContents.class, ContentCodec::decodeResourceContents, ContentCodec::encode);
        // tools
        t.add(Tool.class, ToolCodec::decodeTool, ToolCodec::encode);
        t.add(ToolAnnotations.class, ToolCodec::decodeToolAnnotations, ToolCodec::encode);
        t.add(ListToolsRequest.class, ToolCodec::decodeListToolsRequest, ToolCodec::encode);
        t.add(ListToolsResult.class, ToolCodec::decodeListToolsResult, ToolCodec::encode);
        t.add(CallToolRequest.class, ToolCodec::decodeCallToolRequest, ToolCodec::encode);
        t.add(CallToolResult.class, ToolCodec::decodeCallToolResult, ToolCodec::encode);
        // resources
        t.add(Resource.class, ResourceCodec::decodeResource, ResourceCodec::encode);
        t.add(ResourceTemplate.class, ResourceCodec::decodeResourceTemplate, ResourceCodec::encode);
        t.add(ListResourcesRequest.class, ResourceCodec::decodeListResourcesRequest, ResourceCodec::encode);
        t.add(ListResourcesResult.class, ResourceCodec::decodeListResourcesResult, ResourceCodec::encode);
        t.add(ListResourceTemplatesRequest.class, ResourceCodec::decodeListResourceTemplatesRequest,
                ResourceCodec::encode);
        t.add(ListResourceTemplatesResult.class, ResourceCodec::decodeListResourceTemplatesResult,
                ResourceCodec::encode);
        t.add(ReadResourceRequest.class, ResourceCodec::decodeReadResourceRequest, ResourceCodec::encode);
        t.add(ReadResourceResult.class, ResourceCodec::decodeReadResourceResult, ResourceCodec::encode);
        t.add(SubscribeRequest.class, ResourceCodec::decodeSubscribeRequest, ResourceCodec::encode);
        t.add(UnsubscribeRequest.class, ResourceCodec::decodeUnsubscribeRequest, ResourceCodec::encode);
        t.add(ResourceUpdatedNotification.class, ResourceCodec::decodeResourceUpdatedNotification,
                ResourceCodec::encode);
        // prompts
        t.add(Prompt.class, PromptCodec::decodePrompt, PromptCodec::encode);
        t.add(PromptArgument.class, PromptCodec::decodePromptArgument, PromptCodec::encode);
        t.add(ListPromptsRequest.class, PromptCodec::decodeListPromptsRequest, PromptCodec::encode);
        t.add(ListPromptsResult.class, PromptCodec::decodeListPromptsResult, PromptCodec::encode);
        t.add(GetPromptRequest.class, PromptCodec::decodeGetPromptRequest, PromptCodec::encode);
        t.add(GetPromptResult.class, PromptCodec::decodeGetPromptResult, PromptCodec::encode);
        t.add(PromptMessage.class, PromptCodec::decodePromptMessage, PromptCodec::encode);
        // completion
        t.add(Reference.class, CompletionCodec::decodeReference, CompletionCodec::encode);
        t.variant(PromptReference.class, CompletionCodec::decodeReference, CompletionCodec::encode);
        t.variant(ResourceTemplateReference.class, CompletionCodec::decodeReference, CompletionCodec::encode);
        t.variant(UnknownReference.class, CompletionCodec::decodeReference, CompletionCodec::encode);
        t.add(CompleteRequest.class, CompletionCodec::decodeCompleteRequest, CompletionCodec::encode);
        t.add(CompleteRequest.Argument.class, CompletionCodec::decodeArgument, CompletionCodec::encode);
        t.add(CompleteRequest.Context.class, CompletionCodec::decodeContext, CompletionCodec::encode);
        t.add(CompleteResult.class, CompletionCodec::decodeCompleteResult, CompletionCodec::encode);
        t.add(CompleteResult.Completion.class, CompletionCodec::decodeCompletion, CompletionCodec::encode);
        // logging and notifications
        t.add(LoggingMessageNotification.class, NotificationCodec::decodeLoggingMessage, NotificationCodec::encode);
        t.add(SetLevelRequest.class, NotificationCodec::decodeSetLevel, NotificationCodec::encode);
        t.add(ProgressNotification.class, NotificationCodec::decodeProgress, NotificationCodec::encode);
        t.add(CancelledNotification.class, NotificationCodec::decodeCancelled, NotificationCodec::encode);
        t.add(ListChangedNotification.class, NotificationCodec::decodeListChanged, NotificationCodec::encode);
        // MRTR and the client-side kinds
        t.add(InputRequest.class, MrtrCodec::decodeInputRequest, MrtrCodec::encode);
        t.variant(InputRequest.Elicitation.class, MrtrCodec::decodeInputRequest, MrtrCodec::encode);
        t.variant(InputRequest.Sampling.class, MrtrCodec::decodeInputRequest, MrtrCodec::encode);
        t.variant(InputRequest.RootsListing.class, MrtrCodec::decodeInputRequest, MrtrCodec::encode);
        t.variant(InputRequest.Unknown.class, MrtrCodec::decodeInputRequest, MrtrCodec::encode);
        t.add(InputRequiredResult.class, MrtrCodec::decodeInputRequiredResult, MrtrCodec::encode);
        t.add(ElicitRequest.class, ElicitationCodec::decodeElicitRequest, ElicitationCodec::encode);
        t.add(ElicitResult.class, ElicitationCodec::decodeElicitResult, ElicitationCodec::encode);
        t.add(PrimitiveSchemaDefinition.class, ElicitationSchemaCodec::decode, ElicitationSchemaCodec::encode);
        t.variant(StringSchema.class, ElicitationSchemaCodec::decode, ElicitationSchemaCodec::encode);
        t.variant(NumberSchema.class, ElicitationSchemaCodec::decode, ElicitationSchemaCodec::encode);
        t.variant(BooleanSchema.class, ElicitationSchemaCodec::decode, ElicitationSchemaCodec::encode);
        t.variant(UntitledSingleSelectEnumSchema.class, ElicitationSchemaCodec::decode, ElicitationSchemaCodec::encode);
        t.variant(TitledSingleSelectEnumSchema.class, ElicitationSchemaCodec::decode, ElicitationSchemaCodec::encode);
        t.variant(UntitledMultiSelectEnumSchema.class, ElicitationSchemaCodec::decode, ElicitationSchemaCodec::encode);
        t.variant(TitledMultiSelectEnumSchema.class, ElicitationSchemaCodec::decode, ElicitationSchemaCodec::encode);
        t.variant(LegacyTitledEnumSchema.class, ElicitationSchemaCodec::decode, ElicitationSchemaCodec::encode);
        t.variant(UnknownPrimitiveSchema.class, ElicitationSchemaCodec::decode, ElicitationSchemaCodec::encode);
        t.add(EnumOption.class, ElicitationSchemaCodec::decodeOption, ElicitationSchemaCodec::encode);
        t.add(SamplingMessage.class, SamplingCodec::decodeSamplingMessage, SamplingCodec::encode);
        t.add(ModelHint.class, SamplingCodec::decodeModelHint, SamplingCodec::encode);
        t.add(ModelPreferences.class, SamplingCodec::decodeModelPreferences, SamplingCodec::encode);
        t.add(CreateMessageRequest.class, SamplingCodec::decodeCreateMessageRequest, SamplingCodec::encode);
        t.add(CreateMessageResult.class, SamplingCodec::decodeCreateMessageResult, SamplingCodec::encode);
        t.add(Root.class, RootsCodec::decodeRoot, RootsCodec::encode);
        t.add(ListRootsRequest.class, RootsCodec::decodeListRootsRequest, RootsCodec::encode);
        t.add(ListRootsResult.class, RootsCodec::decodeListRootsResult, RootsCodec::encode);
        // subscriptions
        t.add(SubscriptionFilter.class, SubscriptionCodec::decodeFilter, SubscriptionCodec::encode);
        t.add(SubscriptionsListenRequest.class, SubscriptionCodec::decodeListenRequest, SubscriptionCodec::encode);
        t.add(SubscriptionsAcknowledged.class, SubscriptionCodec::decodeAcknowledged, SubscriptionCodec::encode);
        t.add(SubscriptionsListenResult.class, SubscriptionCodec::decodeListenResult, SubscriptionCodec::encode);
        // tasks extension
        t.add(Task.class, TaskCodec::decodeTask, TaskCodec::encode);
        t.add(DetailedTask.class, TaskCodec::decodeDetailedTask, TaskCodec::encode);
        t.add(CreateTaskResult.class, TaskCodec::decodeCreateTaskResult, TaskCodec::encode);
        t.add(GetTaskResult.class, TaskCodec::decodeGetTaskResult, TaskCodec::encode);
        t.add(GetTaskRequest.class, TaskCodec::decodeGetTaskRequest, TaskCodec::encode);
        t.add(UpdateTaskRequest.class, TaskCodec::decodeUpdateTaskRequest, TaskCodec::encode);
        t.add(CancelTaskRequest.class, TaskCodec::decodeCancelTaskRequest, TaskCodec::encode);
        t.add(TaskStatusNotification.class, TaskCodec::decodeTaskStatusNotification, TaskCodec::encode);
        // discovery documents (drafts)
        t.add(ServerCard.class, CardCodec::decodeCard, CardCodec::encode);
        t.add(Repository.class, CardCodec::decodeRepository, CardCodec::encode);
        t.add(Remote.class, CardCodec::decodeRemote, CardCodec::encode);
        t.add(Input.class, CardCodec::decodeInput, CardCodec::encode);
        t.add(KeyValueInput.class, CardCodec::decodeKeyValueInput, CardCodec::encode);
        t.add(AiCatalog.class, CardCodec::decodeCatalog, CardCodec::encode);
        t.add(AiCatalog.Host.class, CardCodec::decodeHost, CardCodec::encode);
        t.add(CatalogEntry.class, CardCodec::decodeEntry, CardCodec::encode);
        // errors
        t.add(JsonRpcError.class, ErrorCodec::decodeError, ErrorCodec::encode);
        t.add(UnsupportedProtocolVersionError.class, ErrorCodec::decodeUnsupportedProtocolVersion, ErrorCodec::encode);
        t.add(MissingRequiredClientCapabilityError.class, ErrorCodec::decodeMissingRequiredClientCapability,
                ErrorCodec::encode);
        return Collections.unmodifiableMap(t.entries);
    }

    /** Collects rows during {@link #build()}. */
    private static final class Table {
        final Map<Class<?>, Entry<?>> entries = new LinkedHashMap<>();

        <T> void add(Class<T> type, BiFunction<Json, String, ? extends T> decoder,
                     Function<? super T, JsonObject> encoder) {
            if (entries.put(type, new Entry<>(type, decoder, encoder)) != null) {
                throw new IllegalStateException("registered twice: " + type.getName());
            }
        }

        /** A variant of a union: decoded through the union, then checked. */
        <U, T extends U> void variant(Class<T> type, BiFunction<Json, String, U> union,
                                      Function<? super T, JsonObject> encoder) {
            add(type, (json, path) -> narrow(type, union.apply(json, path), path), encoder);
        }
    }

    private static <T> T narrow(Class<T> type, Object value, String path) {
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        throw new DecodeException(path, "expected " + type.getSimpleName() + ", got " + value.getClass().getSimpleName());
    }
}
