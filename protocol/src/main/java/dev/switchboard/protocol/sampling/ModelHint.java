package dev.switchboard.protocol.sampling;

/**
 * A hint for model selection; clients may map it to a model of their own.
 *
 * @param name a full or partial model name, e.g. {@code claude-3-sonnet}, or null
 */
public record ModelHint(String name) {
    /** A hint naming a model. */
    public static ModelHint of(String name) {
        return new ModelHint(name);
    }
}
