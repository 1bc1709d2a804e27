/**
 * The gateway: one MCP endpoint in front of many upstream servers. Start with
 * {@link dev.switchboard.gateway.Gateway}; upstreams are {@link dev.switchboard.gateway.UpstreamConfig}s.
 */
package dev.switchboard.gateway;
