package dev.switchboard.protocol;

/** The reserved {@code _meta} keys of MCP 2026-07-28. */
public final class MetaKeys {
    /** Request: the protocol revision (required on every modern request). */
    public static final String PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    /** Request: the client's capabilities for this request (required; {@code {}} allowed). */
    public static final String CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    /** Request: self-reported client implementation (optional). */
    public static final String CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    /** Request: minimum log level; no {@code notifications/message} without it. */
    public static final String LOG_LEVEL = "io.modelcontextprotocol/logLevel";
    /** Request: opt-in to progress notifications (string or integer). */
    public static final String PROGRESS_TOKEN = "progressToken";
    /** Result: the server's implementation info. */
    public static final String SERVER_INFO = "io.modelcontextprotocol/serverInfo";
    /** Listen-stream notifications and the listen close result: the listen request's id. */
    public static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";
    /** Tasks v1 (session era) related-task key; never emitted on 2026-07-28 task results. */
    public static final String RELATED_TASK = "io.modelcontextprotocol/related-task";
    /** W3C trace context. */
    public static final String TRACEPARENT = "traceparent";
    /** W3C trace state. */
    public static final String TRACESTATE = "tracestate";
    /** W3C baggage. */
    public static final String BAGGAGE = "baggage";

    private MetaKeys() {
    }
}
