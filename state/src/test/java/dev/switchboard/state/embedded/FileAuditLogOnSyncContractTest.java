package dev.switchboard.state.embedded;

import dev.switchboard.state.audit.AuditLog;
import dev.switchboard.state.audit.FsyncPolicy;
import dev.switchboard.state.contract.AuditLogContract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The audit log contract against the JSONL file under group commit, which holds records until a sync. */
class FileAuditLogOnSyncContractTest extends AuditLogContract {
    @Override
    protected AuditLog openLog(String name) {
        try {
            return FileAuditLog.open(dir.resolve(name + ".jsonl"), FsyncPolicy.onSync());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Path export(AuditLog log, Path file) throws IOException {
        log.sync(); // what the writer syncs is what the file holds
        return Files.copy(((FileAuditLog) log).file(), file);
    }
}
