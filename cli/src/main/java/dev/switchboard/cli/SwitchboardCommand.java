package dev.switchboard.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code switchboard} command. Each subcommand is its own class; this one only groups them.
 */
@Command(name = "switchboard",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Switchboard: the production MCP platform for the JVM.",
        subcommands = {ServeCommand.class, GatewayCommand.class, RegistryCommand.class, ListCommand.class, CallCommand.class,
                CardCommand.class, KeysCommand.class, PolicyCommand.class, AuditCommand.class, DemoCommand.class,
                ConformanceClientCommand.class,
                CommandLine.HelpCommand.class})
public final class SwitchboardCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        keepLoggingThroughShutdown();
        System.exit(commandLine().execute(args));
    }

    /**
     * Makes {@link ShutdownLogManager} the log manager, so what closing logs is not lost. Named, not
     * referenced: loading it would initialise {@link java.util.logging.LogManager}, which reads the
     * setting as it initialises.
     */
    private static void keepLoggingThroughShutdown() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "dev.switchboard.cli.ShutdownLogManager");
        }
        // the root handlers now: once shutdown has begun the manager no longer creates them
        java.util.logging.Logger.getLogger("").getHandlers();
    }

    /** The configured command line (tests use it with their own output writers). */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SwitchboardCommand());
        cli.setExecutionExceptionHandler(new ExitCodes());
        return cli;
    }
}
