package dev.switchboard.cli;

import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigFile;
import dev.switchboard.config.Settings;
import dev.switchboard.gateway.pinning.Pending;
import dev.switchboard.gateway.pinning.Pin;
import dev.switchboard.gateway.pinning.PinEntry;
import dev.switchboard.gateway.pinning.Pins;
import dev.switchboard.gateway.pinning.ToolDefinition;
import dev.switchboard.state.redis.RedisState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code switchboard gateway pins list|accept|reject}: the operator's side of tool-definition
 * pinning. Reaches the pins through the gateway's own state settings ({@code --state},
 * {@code SWITCHBOARD_STATE} or the file's {@code state.uri}), so it must be a shared store: an
 * embedded gateway keeps its pins in its own memory, where no other process can reach them.
 * A decision is announced on the store's event bus, and running gateways serve it at once.
 */
@Command(name = "pins", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List, accept or reject upstream tool definitions held back by pinning.",
                "Tool names are the upstream's own (without the gateway's prefix)."},
        subcommands = {GatewayPinsCommand.ListPins.class, GatewayPinsCommand.Accept.class, GatewayPinsCommand.Reject.class})
final class GatewayPinsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "The gateway's YAML configuration file, for its state settings (env SWITCHBOARD_CONFIG).")
    Path config;

    @Option(names = "--state", paramLabel = "URI", scope = ScopeType.INHERIT,
            description = "The gateway's shared state: redis://HOST:PORT[/DB] (env SWITCHBOARD_STATE).")
    String state;

    /** Opens the pins and runs a step on them; tests give their own store instead of Redis. */
    private final Function<Function<Pins, Integer>, Integer> access;

    /** The command as the CLI runs it: the store comes from the gateway's state settings. */
    GatewayPinsCommand() {
        this.access = null;
    }

    /** The command over {@code pins} (tests: a store shared with a gateway in the same process). */
    GatewayPinsCommand(Pins pins) {
        this.access = step -> step.apply(pins);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private int withPins(Function<Pins, Integer> step) {
        if (access != null) {
            return access.apply(step);
        }
        Settings.Value<String> stateValue = stateSetting();
        URI uri = EndpointOptions.stateUri(stateValue);
        if (uri == null) {
            throw new ConfigException(stateValue.source() + ": the gateway's state store is embedded, so its pins live in "
                    + "that gateway's own memory and no other process can reach them. Run the gateway with --state "
                    + "redis://HOST:PORT (and --keys FILE) and give this command the same --state or --config.");
        }
        try (RedisState redis = ServeCommand.connect(uri)) {
            return step.apply(new Pins(redis.store(), redis.bus()));
        }
    }

    private Settings.Value<String> stateSetting() {
        Map<String, String> env = System.getenv();
        String fromEnv = env.get("SWITCHBOARD_CONFIG");
        Path file = config != null ? config : fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
        ConfigFile cf = file == null ? ConfigFile.none() : ConfigFile.load(file, Schemas.load("gateway"));
        return new Settings(cf, env).string(EndpointOptions.STATE, state, "embedded");
    }

    /** The gateway's shared state as configured, or null (embedded, or a test's own store). */
    URI stateUri() {
        return access != null ? null : EndpointOptions.stateUri(stateSetting());
    }

    /** {@code pins list [UPSTREAM]}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Show each upstream tool's pinned definition and any pending or rejected one, with what changed.")
    static final class ListPins implements Callable<Integer> {
        @CommandLine.ParentCommand
        GatewayPinsCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "UPSTREAM", description = "Only this upstream.")
        String upstream;

        @Override
        public Integer call() {
            return parent.withPins(pins -> {
                PrintWriter out = spec.commandLine().getOut();
                List<String> upstreams = upstream != null ? List.of(upstream) : pins.upstreams();
                int pending = 0;
                for (String u : upstreams) {
                    for (PinEntry e : pins.entries(u)) {
                        print(out, e);
                        pending += e.pending() != null && !e.pending().rejected() ? 1 : 0;
                    }
                }
                if (upstreams.isEmpty()) {
                    out.println("No pins yet: a gateway pins each upstream's tools when it first lists them.");
                } else {
                    out.println(pending == 0 ? "Nothing pending." : pending + " pending: accept with 'switchboard gateway pins "
                            + "accept UPSTREAM TOOL', or reject with '... pins reject UPSTREAM TOOL'.");
                }
                out.flush();
                return 0;
            });
        }

        private static void print(PrintWriter out, PinEntry e) {
            String name = e.upstream() + " " + e.tool();
            Pin pin = e.pin();
            if (pin != null) {
                out.printf("%-40s pinned    %s  since %s%n", name, shortHash(pin.hash()), pin.since());
            }
            Pending p = e.pending();
            if (p != null) {
                out.printf("%-40s %-9s %s  seen %s: %s%n", name, p.rejected() ? "rejected" : "pending", shortHash(p.hash()),
                        p.seen(), String.join(", ", e.changes()));
                if (pin != null && e.changes().contains("description")) {
                    out.printf("%-40s           description was: %s%n", "", quote(pin.definition()));
                    out.printf("%-40s                        now: %s%n", "", quote(p.definition()));
                }
            }
        }

        private static String shortHash(String hash) {
            return hash.substring(0, Math.min(hash.length(), "sha256:".length() + 12));
        }

        private static String quote(ToolDefinition d) {
            String text = d.description() == null ? "(none)" : d.description().replaceAll("\\s+", " ");
            return "\"" + (text.length() > 100 ? text.substring(0, 100) + "..." : text) + "\"";
        }
    }

    /** What {@code accept} and {@code reject} share: the tool they decide on, and how they report. */
    abstract static class Decision implements Callable<Integer> {
        @CommandLine.ParentCommand
        GatewayPinsCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "UPSTREAM")
        String upstream;

        @Parameters(index = "1", paramLabel = "TOOL", description = "The upstream's own tool name.")
        String tool;

        @CommandLine.Mixin
        AdminAudit audit;

        /** Records the decision in {@code pins}; returns the line to print. */
        abstract String decide(Pins pins);

        /** The audit record's {@code change}: {@code pin-accepted}, {@code pin-rejected}. */
        abstract String change();

        /** The definition hash decided on, for the audit record. */
        String decided;

        @Override
        public Integer call() throws Exception {
            int exit = parent.withPins(pins -> {
                spec.commandLine().getOut().println(decide(pins));
                return 0;
            });
            return exit != 0 || audit.record(change(), dev.switchboard.protocol.json.JsonObject.builder().put("upstream", upstream)
                    .put("tool", tool).put("hash", decided).build(), parent.stateUri(), spec.commandLine().getErr())
                    ? exit : ExitCodes.UNREACHABLE;
        }
    }

    /** {@code pins accept UPSTREAM TOOL}. */
    @Command(name = "accept", mixinStandardHelpOptions = true,
            description = "Pin the pending (or rejected) definition of TOOL; running gateways serve it at once.")
    static final class Accept extends Decision {
        @Override
        String change() {
            return "pin-accepted";
        }

        @Override
        String decide(Pins pins) {
            Pin pin = GatewayPinsCommand.decide(spec, () -> pins.accept(upstream, tool));
            decided = pin.hash();
            return "Pinned " + upstream + " " + tool + " at " + pin.hash();
        }
    }

    /** {@code pins reject UPSTREAM TOOL}. */
    @Command(name = "reject", mixinStandardHelpOptions = true,
            description = "Keep TOOL's pending definition held back; it is reported again only if the upstream changes it again.")
    static final class Reject extends Decision {
        @Override
        String change() {
            return "pin-rejected";
        }

        @Override
        String decide(Pins pins) {
            Pending p = GatewayPinsCommand.decide(spec, () -> pins.reject(upstream, tool));
            decided = p.hash();
            return "Rejected " + upstream + " " + tool + " at " + p.hash() + "; it stays held back";
        }
    }

    /** Runs a decision; nothing pending is a usage error (exit 2) naming what to check. */
    private static <T> T decide(CommandLine.Model.CommandSpec spec, java.util.function.Supplier<T> decision) {
        try {
            return decision.get();
        } catch (NoSuchElementException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
