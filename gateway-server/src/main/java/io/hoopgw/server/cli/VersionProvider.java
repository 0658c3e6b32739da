package io.hoopgw.server.cli;

import picocli.CommandLine;

/** Reports the version from the jar manifest (the Maven project version). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = HoopgwCommand.class.getPackage().getImplementationVersion();
        return new String[] {"hoopgw " + (version == null ? "(development build)" : version)};
    }
}
