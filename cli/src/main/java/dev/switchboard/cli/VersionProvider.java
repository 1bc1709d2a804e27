package dev.switchboard.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest (development builds say "dev"). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"switchboard " + version()};
    }

    /** The version, or "dev" outside a packaged jar. */
    static String version() {
        String v = SwitchboardCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
