package dev.switchboard.state.embedded;

import dev.switchboard.state.audit.AuditLog;
import dev.switchboard.state.contract.AuditLogContract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The audit log contract against the embedded JSONL file. */
class FileAuditLogContractTest extends AuditLogContract {
    @Override
    protected AuditLog openLog(String name) {
        try {
            return FileAuditLog.open(dir.resolve(name + ".jsonl"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Path export(AuditLog log, Path file) throws IOException {
        return Files.copy(((FileAuditLog) log).file(), file); // the file is the export
    }
}
