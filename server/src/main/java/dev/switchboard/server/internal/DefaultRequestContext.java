package dev.switchboard.server.internal;

import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.RequestId;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.protocol.logging.LoggingMessageNotification;
import dev.switchboard.protocol.notifications.ProgressNotification;
import dev.switchboard.server.Cancellation;
import dev.switchboard.server.EventSink;
import dev.switchboard.server.Principal;
import dev.switchboard.server.RequestContext;

/**
 * The runtime's {@link RequestContext}: progress only with a token and strictly increasing, logs
 * only at or above the requested level, nothing once the request has finished.
 */
public final class DefaultRequestContext implements RequestContext {
    private final RequestId requestId;
    private final String method;
    private final String protocolVersion;
    private final ClientCapabilities capabilities;
    private final Implementation clientInfo;
    private final Principal principal;
    private final JsonObject meta;
    private final Json progressToken;
    private final LoggingLevel logLevel;
    private final EventSink sink;
    private final Cancellation cancellation;
    private double lastProgress = Double.NEGATIVE_INFINITY;
    private volatile boolean finished;
    private InputBridge bridge;

    /** A context; {@code logLevel} null means "no logs", {@code progressToken} null means "no progress". */
    public DefaultRequestContext(RequestId requestId, String method, String protocolVersion,
                                 ClientCapabilities capabilities, Implementation clientInfo, Principal principal,
                                 JsonObject meta, Json progressToken, LoggingLevel logLevel, EventSink sink,
                                 Cancellation cancellation) {
        this.requestId = requestId;
        this.method = method;
        this.protocolVersion = protocolVersion;
        this.capabilities = capabilities;
        this.clientInfo = clientInfo;
        this.principal = principal;
        this.meta = meta;
        this.progressToken = progressToken;
        this.logLevel = logLevel;
        this.sink = sink;
        this.cancellation = cancellation;
    }

    /** Session era: input requests are answered within the request through {@code bridge}. */
    public DefaultRequestContext withBridge(InputBridge bridge) {
        this.bridge = bridge;
        return this;
    }

    /** The session-era input bridge, or null on 2026-07-28 (input goes back as input_required). */
    public InputBridge bridge() {
        return bridge;
    }

    /** After this, progress and logs are dropped: nothing may follow the final response. */
    public synchronized void finish() {
        finished = true;
    }

    @Override
    public RequestId requestId() {
        return requestId;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String protocolVersion() {
        return protocolVersion;
    }

    @Override
    public String clientAddress() {
        return sink.clientAddress();
    }

    @Override
    public ClientCapabilities clientCapabilities() {
        return capabilities;
    }

    @Override
    public Implementation clientInfo() {
        return clientInfo;
    }

    @Override
    public Principal principal() {
        return principal;
    }

    @Override
    public JsonObject meta() {
        return meta;
    }

    @Override
    public Cancellation cancellation() {
        return cancellation;
    }

    @Override
    public synchronized void progress(double progress, Double total, String message) {
        if (progressToken == null || finished || !Double.isFinite(progress) || progress <= lastProgress
                || cancellation.isCancelled()) {
            return; // NaN compares false with everything: letting it through would end the strict ordering
        }
        ProgressNotification n = new ProgressNotification(progressToken, progress, total, message, null);
        JsonObject params = Codec.encode(n);
        lastProgress = progress;
        sink.send(new Notification(Methods.NOTIFICATION_PROGRESS, params));
    }

    @Override
    public synchronized void log(LoggingLevel level, String logger, Json data) {
        if (!isLoggable(level) || finished || cancellation.isCancelled()) {
            return;
        }
        LoggingMessageNotification n = new LoggingMessageNotification(level, logger, data, null);
        sink.send(new Notification(Methods.NOTIFICATION_MESSAGE, Codec.encode(n)));
    }

    @Override
    public LoggingLevel logLevel() {
        return logLevel;
    }

    @Override
    public boolean isLoggable(LoggingLevel level) {
        return logLevel != null && level.isAtLeast(logLevel);
    }
}
