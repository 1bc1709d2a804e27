/**
 * Discovery documents as wire types: the MCP Server Card (SEP-2127, a draft) and the AI Catalog
 * that lists cards at {@code /.well-known/ai-catalog.json}. Their JSON mapping is in
 * {@code codec}; parsing, validation against the bundled official schema and generation from a
 * server's definitions are in {@code discovery}. A new draft is a new schema file plus the record
 * members it adds.
 */
package dev.switchboard.protocol.cards;
