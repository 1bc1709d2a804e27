/**
 * The gateway's machinery: upstream connections and their health ({@link dev.switchboard.gateway.internal.Upstream}),
 * the federated view of their definitions ({@link dev.switchboard.gateway.internal.Federation}), the
 * handlers that forward to them ({@link dev.switchboard.gateway.internal.Forwarding}) and the
 * combination of caching hints. Not API: other modules must not import it.
 */
package dev.switchboard.gateway.internal;
