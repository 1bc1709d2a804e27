package dev.switchboard.config;

/**
 * A setting is wrong; the message names the file, line, column and field (or the environment
 * variable or flag) at fault and says what is expected. An {@link IllegalArgumentException} so
 * that commands report it as a configuration error.
 */
public final class ConfigException extends IllegalArgumentException {
    /** With a message for a person. */
    public ConfigException(String message) {
        super(message);
    }

    /** With a message for a person and the cause. */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
