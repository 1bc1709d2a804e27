/**
 * Policy: bundles of rules (YAML, with CEL conditions type-checked at load) that decide whether a
 * principal may call a tool, get a prompt or read a resource; the {@link dev.switchboard.policy.PolicyEngine}
 * that evaluates them per call and reloads them atomically; and the
 * {@link dev.switchboard.policy.PolicyInterceptor} that enforces decisions and filters lists.
 */
package dev.switchboard.policy;
