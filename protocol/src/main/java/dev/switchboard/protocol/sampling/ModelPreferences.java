package dev.switchboard.protocol.sampling;

import dev.switchboard.protocol.internal.Copies;

import java.util.List;

/**
 * The server's model-selection preferences for sampling; all advisory.
 *
 * @param hints                preferred models in order, or null
 * @param costPriority         0..1, how much cost matters, or null
 * @param speedPriority        0..1, how much latency matters, or null
 * @param intelligencePriority 0..1, how much capability matters, or null
 */
public record ModelPreferences(List<ModelHint> hints, Double costPriority, Double speedPriority,
                               Double intelligencePriority) {
    /** Copies the hints. */
    public ModelPreferences {
        hints = Copies.list(hints, "hints");
    }
}
