package dev.switchboard.cli;

import dev.switchboard.policy.Decision;
import dev.switchboard.policy.Effect;
import dev.switchboard.policy.Explanation;
import dev.switchboard.policy.Limit;
import dev.switchboard.policy.PolicyBundle;
import dev.switchboard.policy.SharedBundle;
import dev.switchboard.state.redis.RedisState;
import dev.switchboard.policy.PolicyException;
import dev.switchboard.policy.PolicyRequest;
import dev.switchboard.policy.Rule;
import dev.switchboard.policy.RuleTrace;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.server.Principal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code switchboard policy}: validate a bundle, and explain what it decides for one call. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Check policy bundles and explain their decisions.",
        subcommands = {PolicyCommand.Check.class, PolicyCommand.Explain.class, PolicyCommand.Publish.class})
final class PolicyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Loads the bundle, or prints every problem and returns null. */
    static PolicyBundle load(CommandLine cli, Path file) {
        try {
            return PolicyBundle.load(file);
        } catch (PolicyException e) {
            cli.getErr().println("switchboard: " + e.getMessage());
            return null;
        }
    }

    /** {@code policy check BUNDLE}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate a bundle (schema, CEL syntax and types); print its rules and hash.")
    static final class Check implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "BUNDLE", description = "The bundle file (YAML).")
        Path file;

        @Override
        public Integer call() {
            PolicyBundle bundle = load(spec.commandLine(), file);
            if (bundle == null) {
                return ExitCodes.CONFIG;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(file + ": valid, " + bundle.rules().size() + " rules, " + bundle.hash());
            for (Rule r : bundle.rules()) {
                out.println("  " + r.id() + "  " + r.mode() + " " + r.effect().wireName()
                        + "  servers " + r.servers() + " tools " + r.tools() + " methods " + r.methods());
                if (!r.when().equals("true")) {
                    out.println("      when " + r.when().replace('\n', ' '));
                }
                if (r.limit() != null) {
                    out.println("      limit " + r.limit().describe());
                }
                if (!r.approvers().isEmpty()) {
                    out.println("      approvers " + String.join(", ", r.approvers()));
                }
                if (!r.description().isEmpty()) {
                    out.println("      " + r.description().strip());
                }
            }
            return 0;
        }
    }

    /** {@code policy publish BUNDLE --state URI}. */
    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = {"Validate a bundle and publish it in the shared state: every instance started with",
                    "--policy redis compiles it and swaps it in within seconds (each swap is audited there)."})
    static final class Publish implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "BUNDLE", description = "The bundle file (YAML).")
        Path file;

        @Option(names = "--state", paramLabel = "URI", required = true, description = "The deployment's Redis (redis://HOST:PORT).")
        URI state;

        @Option(names = "--name", defaultValue = SharedBundle.DEFAULT_NAME,
                description = "The name instances follow with --policy-name (default: ${DEFAULT-VALUE}).")
        String name;

        @CommandLine.Mixin
        AdminAudit audit;

        @Override
        public Integer call() throws Exception {
            CommandLine cli = spec.commandLine();
            String by = AdminAudit.operator();
            SharedBundle.Publication p;
            try (RedisState redis = ServeCommand.connect(state)) {
                try {
                    p = new SharedBundle(redis.store(), redis.bus(), name).publish(file, by, java.time.Clock.systemUTC());
                } catch (PolicyException e) {
                    cli.getErr().println("switchboard: " + e.getMessage() + "\nNothing was published.");
                    return ExitCodes.CONFIG;
                }
                cli.getOut().println("Published " + file + " as \"" + name + "\": " + p.rules() + " rules, " + p.published().hash()
                        + (p.previousHash() == null ? " (the first)" : " (replacing " + p.previousHash() + ")"));
            }
            return audit.record("policy-published", dev.switchboard.protocol.json.JsonObject.builder().put("name", name)
                    .put("bundle", p.published().hash()).put("previous", p.previousHash()).put("source", p.published().source())
                    .put("rules", p.rules()).build(), state, cli.getErr()) ? 0 : ExitCodes.UNREACHABLE;
        }
    }

    /** {@code policy explain BUNDLE ...}. */
    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = "Evaluate one call against a bundle and show, rule by rule, what matched and why.")
    static final class Explain implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "BUNDLE", description = "The bundle file (YAML).")
        Path file;

        @Option(names = "--subject", required = true, description = "The user the call is made for.")
        String subject;

        @Option(names = "--issuer", defaultValue = "", description = "The subject's issuer (principal.issuer).")
        String issuer;

        @Option(names = "--agent", paramLabel = "AGENT",
                description = "An agent acting for the subject; repeat for a chain, the immediate caller first.")
        List<String> agents = List.of();

        @Option(names = "--scope", paramLabel = "SCOPE", description = "A scope of the credential; repeatable.")
        List<String> scopes = List.of();

        @Option(names = "--server", defaultValue = "default", description = "The server name (default: ${DEFAULT-VALUE}).")
        String server;

        @Option(names = "--tool", required = true, description = "The tool name (prompt name or resource URI for --method).")
        String tool;

        @Option(names = "--args", defaultValue = "{}", description = "The arguments as a JSON object (default: {}).")
        String args;

        @Option(names = "--method", defaultValue = "tools/call",
                description = "tools/call, prompts/get or resources/read (default: ${DEFAULT-VALUE}).")
        String method;

        @Override
        public Integer call() {
            if (!(Wire.parse(args) instanceof JsonObject arguments)) {
                throw new IllegalArgumentException("--args must be a JSON object, got: " + args);
            }
            PolicyBundle bundle = load(spec.commandLine(), file);
            if (bundle == null) {
                return ExitCodes.CONFIG;
            }
            Principal principal = new Principal(issuer, subject, agents, new LinkedHashSet<>(scopes));
            Explanation e = bundle.explain(new PolicyRequest(principal, server, method, tool, arguments, Instant.now(), "", ""));
            PrintWriter out = spec.commandLine().getOut();
            out.println(method + " " + tool + " on " + server + " by " + principal.describe() + " (bundle " + bundle.hash() + ")");
            for (RuleTrace t : e.trace()) {
                out.println("  " + mark(t.outcome()) + " " + t.rule().id() + " (" + t.rule().mode() + " "
                        + t.rule().effect().wireName() + (t.rule().limit() == null ? "" : ", limit " + t.rule().limit().rate())
                        + "): " + t.detail().replace('\n', ' '));
            }
            Decision d = e.decision();
            out.println("decision: " + d.effect().wireName() + " — " + d.reason());
            if (d.effect() == Effect.REQUIRE_APPROVAL) {
                out.println("approval: the call runs only after a person approves it on the approval page ("
                        + "serve/gateway: /approvals), once, for these arguments, this principal and this bundle;"
                        + " the client must declare URL-mode elicitation");
            }
            for (Limit l : d.limits()) {
                out.println("limit: " + l.ruleId() + " allows " + l.describe() + (d.allowed() || d.effect() == Effect.REQUIRE_APPROVAL
                        ? "; counted when the call runs, beyond it -31429 with retryAfterMs" : ""));
            }
            if (d.shadowDiffers()) {
                out.println("shadow: would be " + d.shadow().effect().wireName()
                        + (d.shadow().ruleId() == null ? " (default deny)" : " by rule " + d.shadow().ruleId()));
            }
            return 0;
        }

        private static String mark(RuleTrace.Outcome o) {
            return switch (o) {
                case MATCHED -> "MATCH  ";
                case CONDITION_FALSE -> "false  ";
                case NOT_SELECTED -> "skip   ";
                case ERROR -> "ERROR  ";
            };
        }
    }
}
