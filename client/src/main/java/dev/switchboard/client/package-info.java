/**
 * The MCP client: {@link dev.switchboard.client.McpClient} and what its calls take and throw.
 *
 * <p>One blocking method per protocol request, typed with the records of
 * {@code dev.switchboard.protocol}; {@link dev.switchboard.client.CallOptions} for per-call
 * timeout, progress, logs and cancellation; handlers ({@link dev.switchboard.client.ElicitationHandler},
 * {@link dev.switchboard.client.SamplingHandler}, {@link dev.switchboard.client.RootsHandler}) for
 * input the server asks for, in either era; {@link dev.switchboard.client.McpClient#listen} with a
 * {@link dev.switchboard.client.ListenListener} for change notifications, kept open (and reopened)
 * as a {@link dev.switchboard.client.Subscription}; {@link dev.switchboard.client.McpClientException} and
 * its kinds for failures. The HTTP engine (Jetty) is hidden in {@code dev.switchboard.client.internal}.
 */
package dev.switchboard.client;
