package dev.switchboard.cli;

import picocli.CommandLine;

/**
 * Maps failures to exit codes in one place: 0 ok, 1 software error, 2 usage error (picocli),
 * 3 configuration error (a file or setting at fault, named in the message).
 */
final class ExitCodes implements CommandLine.IExecutionExceptionHandler {
    /** A bad file or setting; the message names it. */
    static final int CONFIG = 3;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
        if (e instanceof IllegalArgumentException) {
            cli.getErr().println("switchboard: " + e.getMessage());
            return CONFIG;
        }
        if (e instanceof java.nio.file.NoSuchFileException missing) {
            cli.getErr().println("switchboard: file not found: " + missing.getFile());
            return CONFIG;
        }
        if (e instanceof java.net.BindException) {
            cli.getErr().println("switchboard: cannot listen: " + e.getMessage()
                    + " (is another server on that port? use --port 0 to pick a free one)");
            return CONFIG;
        }
        cli.getErr().println("switchboard: " + e);
        return CommandLine.ExitCode.SOFTWARE;
    }
}
