package dev.switchboard.protocol.errors;

import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;

import java.util.Objects;

/**
 * The {@code -32021} error (HTTP 400): serving the request needs a client capability the request
 * did not declare. {@code data.requiredCapabilities} is a {@link ClientCapabilities}-shaped object,
 * e.g. {@code {"elicitation":{}}}. Convert it with {@code dev.switchboard.protocol.codec.ErrorCodec}.
 *
 * @param message              short description; required
 * @param requiredCapabilities the capabilities needed; required
 */
public record MissingRequiredClientCapabilityError(String message, ClientCapabilities requiredCapabilities) {
    /** The error code. */
    public static final int CODE = ErrorCode.MISSING_REQUIRED_CLIENT_CAPABILITY;

    /** Validates the required members. */
    public MissingRequiredClientCapabilityError {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(requiredCapabilities, "requiredCapabilities");
    }

    /** The error with a standard message. */
    public static MissingRequiredClientCapabilityError of(ClientCapabilities requiredCapabilities) {
        return new MissingRequiredClientCapabilityError(
                "This request requires a client capability that was not declared", requiredCapabilities);
    }
}
