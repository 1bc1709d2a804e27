package dev.switchboard.cli;

import picocli.CommandLine;

/**
 * Maps failures to exit codes in one place: 0 ok, 1 software error, 2 usage error (picocli),
 * 3 configuration error (a file or setting at fault, named in the message), 4 the called tool
 * reported an error, 5 the server is unreachable, timed out or refused authorization, 6 an audit
 * log failed verification, 7 the registry's sources hold invalid entries ({@code registry errors}).
 */
final class ExitCodes implements CommandLine.IExecutionExceptionHandler {
    /** A bad file or setting; the message names it. */
    static final int CONFIG = 3;
    /** The server (or the registry's database) could not be reached, timed out, or refused us (401). */
    static final int UNREACHABLE = 5;
    /** {@code audit verify} found the log tampered with (the message names the first bad link). */
    static final int AUDIT_BROKEN = 6;
    /** {@code registry errors} found invalid or refused entries (listed with their reasons). */
    static final int INVALID_ENTRIES = 7;

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
        if (e instanceof dev.switchboard.registry.store.StoreUnavailableException) {
            cli.getErr().println("switchboard: " + e.getMessage());
            return UNREACHABLE;
        }
        if (e instanceof dev.switchboard.client.UnauthorizedException u) {
            cli.getErr().println("switchboard: the server requires authorization: " + u.getMessage()
                    + (u.resourceMetadata() == null ? "" : " (resource metadata: " + u.resourceMetadata() + ")"));
            return UNREACHABLE;
        }
        if (e instanceof dev.switchboard.client.McpClientException c) {
            cli.getErr().println("switchboard: " + c.getMessage());
            return c.kind() == dev.switchboard.client.McpClientException.Kind.TRANSPORT
                    || c.kind() == dev.switchboard.client.McpClientException.Kind.TIMEOUT ? UNREACHABLE : CommandLine.ExitCode.SOFTWARE;
        }
        cli.getErr().println("switchboard: " + e);
        return CommandLine.ExitCode.SOFTWARE;
    }
}
