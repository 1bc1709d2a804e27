/**
 * How {@code McpClient} works; not an API. Other modules must not use these types.
 *
 * <p>The pipeline, outermost first: {@link dev.switchboard.client.internal.CallRunner} (one API
 * call: MRTR rounds, the {@code -32020} retry) → {@link dev.switchboard.client.internal.Connector}
 * (era negotiation, cached) → a {@link dev.switchboard.client.internal.Connection}
 * ({@code ModernConnection}: {@code _meta} and SEP-2243 headers; {@code LegacyConnection}: session,
 * server-to-client requests, 404 re-initialize) → a {@link dev.switchboard.client.internal.Channel}:
 * {@link dev.switchboard.client.internal.Exchanger} (one POST and its JSON or SSE answer) →
 * {@link dev.switchboard.client.internal.HttpTransport} (Jetty, blocking), or
 * {@link dev.switchboard.client.internal.StdioChannel} (a child process's stdin and stdout). {@link dev.switchboard.client.internal.CallControl} carries each call's deadline
 * and stop switch through all of them.
 */
package dev.switchboard.client.internal;
