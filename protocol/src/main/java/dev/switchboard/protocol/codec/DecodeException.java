package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;

/**
 * A message that is valid JSON but not the shape the protocol requires. The message names the
 * field at fault by its path, e.g. {@code params.arguments: expected object, got array}.
 */
public final class DecodeException extends McpException {
    /** A decode failure at {@code path}. */
    public DecodeException(String path, String problem) {
        super(ErrorCode.INVALID_PARAMS, path.isEmpty() ? problem : path + ": " + problem);
    }
}
