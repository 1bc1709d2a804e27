package dev.switchboard.protocol.completion;

/**
 * What a {@code completion/complete} request completes an argument of:
 * {@link PromptReference} ({@code ref/prompt}) or {@link ResourceTemplateReference}
 * ({@code ref/resource}). Not sealed; other kinds arrive as {@link UnknownReference}.
 */
public interface Reference {
}
