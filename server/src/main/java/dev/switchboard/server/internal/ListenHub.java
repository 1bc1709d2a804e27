package dev.switchboard.server.internal;

import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.protocol.subscriptions.SubscriptionFilter;
import dev.switchboard.protocol.subscriptions.SubscriptionsAcknowledged;
import dev.switchboard.protocol.tasks.TasksExtension;
import dev.switchboard.server.Cancellation;
import dev.switchboard.server.EventSink;
import dev.switchboard.state.bus.EventBus;

import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Serves {@code subscriptions/listen}: subscribes to the change topic of the {@link EventBus}
 * before acknowledging (so every change after the ack is delivered), filters to what the client
 * opted into and the server can honour, tags each notification with the subscription id, and
 * ends with the graceful completion result when the server stops.
 */
public final class ListenHub {
    /** Bus topic of definition changes; events are {@code {"kind":"tools|prompts|resources|resource","uri":...}}. */
    public static final String TOPIC = "mcp.changes";

    private static final JsonObject STOP = JsonObject.of("kind", Json.of("stop"));
    private static final JsonObject DROPPED = JsonObject.of("kind", Json.of("dropped"));
    private static final int CAPACITY = 10_000;

    private final EventBus bus;
    private final Set<BlockingQueue<JsonObject>> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /** A hub over {@code bus}. */
    public ListenHub(EventBus bus) {
        this.bus = bus;
    }

    /** Publishes a change to every instance's listeners. */
    public void publish(String kind, String uri) {
        JsonObject.Builder b = JsonObject.builder().put("kind", kind);
        if (uri != null) {
            b.put("uri", uri);
        }
        bus.publish(TOPIC, b.build());
    }

    /** The part of {@code requested} this server honours given its capabilities. */
    public static SubscriptionFilter honoured(SubscriptionFilter requested, ServerCapabilities caps) {
        boolean tools = caps.tools() != null && Boolean.TRUE.equals(caps.tools().listChanged());
        boolean prompts = caps.prompts() != null && Boolean.TRUE.equals(caps.prompts().listChanged());
        boolean resources = caps.resources() != null && Boolean.TRUE.equals(caps.resources().listChanged());
        boolean subscribe = caps.resources() != null && Boolean.TRUE.equals(caps.resources().subscribe());
        return new SubscriptionFilter(
                tools && Boolean.TRUE.equals(requested.toolsListChanged()) ? Boolean.TRUE : null,
                prompts && Boolean.TRUE.equals(requested.promptsListChanged()) ? Boolean.TRUE : null,
                resources && Boolean.TRUE.equals(requested.resourcesListChanged()) ? Boolean.TRUE : null,
                subscribe && requested.resourceSubscriptions() != null && !requested.resourceSubscriptions().isEmpty()
                        ? requested.resourceSubscriptions() : null,
                caps.hasExtension(TasksExtension.ID) && !requested.taskIdsOrEmpty().isEmpty() ? requested.taskIds() : null);
    }

    /**
     * Runs one listen stream until the client leaves or the server stops.
     *
     * @return the completion result when the server ends the stream
     * @throws CancellationException when the client closed the stream (nothing more may be sent)
     */
    public JsonObject serve(RequestId id, SubscriptionFilter filter, EventSink sink, Cancellation cancellation) {
        return serve(id, filter, sink, cancellation, null);
    }

    /**
     * Runs one listen stream of {@code principal} until the client leaves or the server stops;
     * task notifications go only to streams of the task's owner.
     *
     * @return the completion result when the server ends the stream
     * @throws CancellationException when the client closed the stream (nothing more may be sent)
     */
    public JsonObject serve(RequestId id, SubscriptionFilter filter, EventSink sink, Cancellation cancellation,
                            String principal) {
        BlockingQueue<JsonObject> queue = new LinkedBlockingQueue<>(CAPACITY);
        Json subscriptionId = id.toJson();
        try (EventBus.Subscription ignored = bus.subscribe(TOPIC, e -> {
            if (!queue.offer(e)) {
                queue.clear(); // a listener this far behind is dropped rather than grow without bound
                queue.offer(DROPPED);
            }
        }, () -> {
            queue.clear(); // the bus may have lost events: the promise "every change after the ack" is broken
            queue.offer(DROPPED);
        })) {
            streams.add(queue);
            cancellation.onCancel(() -> queue.offer(STOP));
            JsonObject ackMeta = JsonObject.of(MetaKeys.SUBSCRIPTION_ID, subscriptionId);
            sink.send(new Notification(Methods.NOTIFICATION_SUBSCRIPTIONS_ACKNOWLEDGED,
                    Codec.encode(new SubscriptionsAcknowledged(filter, ackMeta))));
            while (true) {
                if (stopping && !cancellation.isCancelled()) {
                    return JsonObject.of("_meta", ackMeta);
                }
                JsonObject event;
                try {
                    event = queue.poll(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("listen stream interrupted");
                }
                if (cancellation.isCancelled() || !sink.isOpen()) {
                    throw new CancellationException("client closed the listen stream");
                }
                if (event == DROPPED) {
                    // events were lost: end without the completion result so the client re-listens and re-fetches
                    throw new CancellationException("listen stream dropped: events may have been lost (the "
                            + "stream fell " + CAPACITY + " events behind, or the shared event bus lost its connection)");
                }
                if (event == null || event == STOP) {
                    continue;
                }
                Notification n = toNotification(event, filter, ackMeta, principal);
                if (n != null && !sink.send(n)) {
                    throw new CancellationException("client closed the listen stream");
                }
            }
        } finally {
            streams.remove(queue);
        }
    }

    private static Notification toNotification(JsonObject event, SubscriptionFilter f, JsonObject meta, String principal) {
        String kind = event.getString("kind");
        if (kind == null) {
            return null;
        }
        JsonObject params = JsonObject.of("_meta", meta);
        return switch (kind) {
            case "tools" -> Boolean.TRUE.equals(f.toolsListChanged())
                    ? new Notification(Methods.NOTIFICATION_TOOLS_LIST_CHANGED, params) : null;
            case "prompts" -> Boolean.TRUE.equals(f.promptsListChanged())
                    ? new Notification(Methods.NOTIFICATION_PROMPTS_LIST_CHANGED, params) : null;
            case "resources" -> Boolean.TRUE.equals(f.resourcesListChanged())
                    ? new Notification(Methods.NOTIFICATION_RESOURCES_LIST_CHANGED, params) : null;
            case "resource" -> {
                String uri = event.getString("uri");
                List<String> subs = f.resourceSubscriptions();
                yield uri != null && subs != null && subs.contains(uri)
                        ? new Notification(Methods.NOTIFICATION_RESOURCES_UPDATED,
                        JsonObject.builder().put("uri", uri).put("_meta", meta).build())
                        : null;
            }
            case "task" -> {
                String taskId = event.getString("taskId");
                JsonObject task = event.getObject("task");
                yield task != null && taskId != null && f.taskIdsOrEmpty().contains(taskId)
                        && principal != null && principal.equals(event.getString("owner"))
                        ? new Notification(Methods.NOTIFICATION_TASKS, task.with("_meta", meta))
                        : null;
            }
            default -> null;
        };
    }

    /** Ends every stream gracefully with the completion result. */
    public void stop() {
        stopping = true;
        streams.forEach(q -> q.offer(STOP));
    }
}
