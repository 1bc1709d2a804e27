package dev.switchboard.gateway.internal;

import dev.switchboard.gateway.pinning.Pending;
import dev.switchboard.gateway.pinning.Pin;
import dev.switchboard.gateway.pinning.PinMode;
import dev.switchboard.gateway.pinning.Pins;
import dev.switchboard.gateway.pinning.ToolDefinition;
import dev.switchboard.protocol.tools.Tool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which definition of each upstream tool is served, against the {@link Pins}: it sits
 * between an upstream's catalog and {@link Federation#of}.
 *
 * <ul>
 *   <li>The first listing of an upstream pins every tool it offers: nothing is held back on a
 *       first run.</li>
 *   <li>A tool whose definition hashes to its pin is served as listed (and anything pending for
 *       it is dropped: the upstream went back).</li>
 *   <li>Otherwise the definition is recorded as pending (reported once per distinct definition,
 *       fleet-wide) and, in {@link PinMode#BLOCK}, a changed tool is served with its pinned
 *       definition and a new one not at all; in {@link PinMode#WARN} it is served as listed and
 *       flagged {@code "changed"} or {@code "new"}.</li>
 * </ul>
 *
 * Serving the pinned schema means arguments are validated against it, and the upstream's answer
 * against the pinned {@code outputSchema}: if the upstream changed incompatibly, calls fail (its
 * own error, or the gateway's output-schema error) rather than silently take the new shape.
 */
public final class PinGate {
    private PinGate() {
    }

    /**
     * What one upstream contributes after pinning.
     *
     * @param tools    its tools as served, in its order
     * @param flags    tool (upstream name) to {@code "changed"} or {@code "new"}: served though not
     *                 pinned ({@link PinMode#WARN})
     * @param notes    changes seen for the first time, one log line each
     * @param pending  tools whose listed definition waits for an operator
     * @param rejected tools whose listed definition an operator rejected
     */
    public record Gated(List<Tool> tools, Map<String, String> flags, List<String> notes, List<String> pending,
                        List<String> rejected) {
        /** Copies the collections. */
        public Gated {
            tools = List.copyOf(tools);
            flags = Map.copyOf(flags);
            notes = List.copyOf(notes);
            pending = List.copyOf(pending);
            rejected = List.copyOf(rejected);
        }

        /** Everything served as listed: pinning off. */
        static Gated unchanged(List<Tool> tools) {
            return new Gated(tools, Map.of(), List.of(), List.of(), List.of());
        }

        /**
         * What to serve when the store cannot be read and there is no earlier result: in
         * {@link PinMode#BLOCK} none of its tools (nothing unchecked reaches a client), in
         * {@link PinMode#WARN} all of them, flagged {@code "unchecked"}.
         */
        public static Gated storeUnavailable(PinMode mode, List<Tool> listed) {
            if (mode == PinMode.BLOCK) {
                return new Gated(List.of(), Map.of(), List.of(), List.of(), List.of());
            }
            Map<String, String> flags = new LinkedHashMap<>();
            listed.forEach(t -> flags.put(t.name(), "unchecked"));
            return new Gated(listed, mode == PinMode.OFF ? Map.of() : flags, List.of(), List.of(), List.of());
        }
    }

    /** Gates {@code listed}, the tools {@code upstream} offers now, in {@code mode}. */
    public static Gated gate(String upstream, PinMode mode, List<Tool> listed, Pins pins) {
        if (mode == PinMode.OFF) {
            return Gated.unchanged(listed);
        }
        if (!pins.listed(upstream)) {
            for (Tool t : listed) {
                pins.pin(upstream, ToolDefinition.of(t));
            }
            pins.markListed(upstream); // after the pins: a crash in between re-pins, never holds back a first run
            return Gated.unchanged(listed);
        }
        List<Tool> served = new ArrayList<>();
        Map<String, String> flags = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (Tool t : listed) {
            ToolDefinition now = ToolDefinition.of(t);
            String hash = now.hash();
            Pin pin = pins.pin(upstream, t.name());
            if (pin != null && pin.hash().equals(hash)) {
                Pending stale = pins.pending(upstream, t.name());
                if (stale != null) {
                    pins.dropPending(upstream, t.name());
                }
                served.add(t);
                continue;
            }
            if (pins.hold(upstream, now)) {
                notes.add(note(upstream, mode, t.name(), pin, now));
            }
            Pending p = pins.pending(upstream, t.name());
            (p != null && p.rejected() ? rejected : pending).add(t.name());
            if (mode == PinMode.WARN) {
                served.add(t);
                flags.put(t.name(), pin == null ? "new" : "changed");
            } else if (pin != null) {
                served.add(pin.definition().applyTo(t));
            }
        }
        return new Gated(served, flags, notes, pending, rejected);
    }

    private static String note(String upstream, PinMode mode, String tool, Pin pin, ToolDefinition now) {
        String what = pin == null ? "is new since upstream " + upstream + " was first listed"
                : "changed (" + String.join(", ", now.changedFrom(pin.definition())) + ") since it was pinned";
        String effect = mode == PinMode.WARN ? "served anyway (pinning: warn), flagged in _meta"
                : pin == null ? "not served" : "clients keep its pinned definition";
        return "upstream " + upstream + ": tool \"" + tool + "\" " + what + "; " + effect
                + ". Review with 'switchboard gateway pins list', then 'switchboard gateway pins accept " + upstream + " "
                + tool + "' or '... pins reject " + upstream + " " + tool + "'";
    }
}
