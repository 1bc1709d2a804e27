/**
 * A registry of MCP servers: {@code server.json} entries gathered from local files, crawled AI
 * Catalogs and Server Cards and other registries, validated, indexed and served.
 */
package dev.switchboard.registry;
