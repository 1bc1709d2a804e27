package dev.switchboard.gateway.pinning;

import java.util.List;
import java.util.Objects;

/**
 * What the store holds for one upstream tool, as {@code switchboard gateway pins list} shows it.
 *
 * @param upstream the upstream's name
 * @param tool     the tool's name upstream (not the gateway's prefixed name)
 * @param pin      the pinned definition, or null for a tool that appeared after the upstream was
 *                 first listed and was never accepted
 * @param pending  the definition waiting for an operator (or rejected), or null
 */
public record PinEntry(String upstream, String tool, Pin pin, Pending pending) {
    /** Requires the names and at least one of pin and pending. */
    public PinEntry {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(tool, "tool");
        if (pin == null && pending == null) {
            throw new IllegalArgumentException("an entry has a pin, a pending definition or both");
        }
    }

    /**
     * Which fields of the pending definition differ from the pin ({@code [description, inputSchema]}),
     * {@code [new tool]} when there is no pin, empty when nothing is pending.
     */
    public List<String> changes() {
        if (pending == null) {
            return List.of();
        }
        return pin == null ? List.of("new tool") : pending.definition().changedFrom(pin.definition());
    }
}
