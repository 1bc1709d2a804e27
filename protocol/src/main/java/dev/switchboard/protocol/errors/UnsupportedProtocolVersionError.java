package dev.switchboard.protocol.errors;

import dev.switchboard.protocol.internal.Copies;
import dev.switchboard.protocol.jsonrpc.ErrorCode;

import java.util.List;
import java.util.Objects;

/**
 * The {@code -32022} error (HTTP 400): the requested protocol revision is not served here. The
 * client retries with one of {@link #supported()}. Every entry must also appear in
 * {@code server/discover}'s {@code supportedVersions}. Convert it to a JSON-RPC error with
 * {@code dev.switchboard.protocol.codec.ErrorCodec}.
 *
 * @param message   short description; required
 * @param supported revisions served; required
 * @param requested the revision the client asked for, echoed exactly; required
 */
public record UnsupportedProtocolVersionError(String message, List<String> supported, String requested) {
    /** The error code. */
    public static final int CODE = ErrorCode.UNSUPPORTED_PROTOCOL_VERSION;

    /** Validates the required members. */
    public UnsupportedProtocolVersionError {
        Objects.requireNonNull(message, "message");
        supported = Copies.requiredList(supported, "supported");
        Objects.requireNonNull(requested, "requested");
    }

    /** The error with the standard message. */
    public static UnsupportedProtocolVersionError of(String requested, List<String> supported) {
        return new UnsupportedProtocolVersionError("Unsupported protocol version", supported, requested);
    }
}
