package dev.switchboard.server;

import dev.switchboard.protocol.MetaKeys;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.codec.DecodeException;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.lifecycle.Implementation;

/**
 * The protocol members of a 2026-07-28 request's {@code _meta}: every modern request declares its
 * version and capabilities itself, and nothing carries over from earlier requests.
 *
 * @param protocolVersion    {@code io.modelcontextprotocol/protocolVersion}
 * @param clientCapabilities {@code io.modelcontextprotocol/clientCapabilities}
 * @param clientInfo         {@code io.modelcontextprotocol/clientInfo}, or null
 * @param logLevel           {@code io.modelcontextprotocol/logLevel} as sent (validated later), or null
 * @param progressToken      {@code progressToken} (string or integer), or null
 * @param raw                the whole {@code _meta} object
 */
public record RequestMeta(String protocolVersion, ClientCapabilities clientCapabilities, Implementation clientInfo,
                          Json logLevel, Json progressToken, JsonObject raw) {

    /**
     * Reads the {@code _meta} of a modern request.
     *
     * @throws McpException {@code -32602} naming the missing or malformed key
     */
    public static RequestMeta read(Request request) {
        Json metaJson = request.params().get("_meta");
        if (!(metaJson instanceof JsonObject meta)) {
            throw new McpException(ErrorCode.INVALID_PARAMS, metaJson == null
                    ? "params._meta is required in MCP 2026-07-28: it must carry \"" + MetaKeys.PROTOCOL_VERSION
                    + "\" and \"" + MetaKeys.CLIENT_CAPABILITIES + "\""
                    : "params._meta must be an object, got " + metaJson.kind());
        }
        if (!(meta.get(MetaKeys.PROTOCOL_VERSION) instanceof JsonString version)) {
            throw new McpException(ErrorCode.INVALID_PARAMS,
                    "params._meta[\"" + MetaKeys.PROTOCOL_VERSION + "\"] is required and must be a string");
        }
        Json caps = meta.get(MetaKeys.CLIENT_CAPABILITIES);
        if (!(caps instanceof JsonObject)) {
            throw new McpException(ErrorCode.INVALID_PARAMS,
                    "params._meta[\"" + MetaKeys.CLIENT_CAPABILITIES + "\"] is required and must be an object ({} for none)");
        }
        ClientCapabilities capabilities = Codec.decode(caps, ClientCapabilities.class);
        Implementation info = null;
        Json infoJson = meta.get(MetaKeys.CLIENT_INFO);
        if (infoJson instanceof JsonObject) {
            try {
                info = Codec.decode(infoJson, Implementation.class);
            } catch (DecodeException e) {
                info = null; // self-reported and optional: a sloppy clientInfo is not worth failing a call
            }
        }
        Json progress = meta.get(MetaKeys.PROGRESS_TOKEN);
        if (progress != null && !(progress instanceof JsonString) && !(progress instanceof JsonNumber n && n.fitsLong())) {
            throw new McpException(ErrorCode.INVALID_PARAMS, "params._meta.progressToken must be a string or an integer");
        }
        return new RequestMeta(version.value(), capabilities, info, meta.get(MetaKeys.LOG_LEVEL), progress, meta);
    }
}
