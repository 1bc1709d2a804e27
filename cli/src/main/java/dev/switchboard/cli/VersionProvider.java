package dev.switchboard.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest (development builds say "dev"). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = SwitchboardCommand.class.getPackage().getImplementationVersion();
        return new String[] {"switchboard " + (v == null ? "dev" : v)};
    }
}
