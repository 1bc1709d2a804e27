/**
 * Tool-definition pinning: the definition of each upstream tool that clients are allowed to see,
 * by hash ({@link dev.switchboard.gateway.pinning.ToolDefinition}), kept in the deployment's shared
 * key-value store ({@link dev.switchboard.gateway.pinning.Pins}) so every gateway instance agrees,
 * with what is held back until an operator accepts or rejects it.
 */
package dev.switchboard.gateway.pinning;
