package dev.switchboard.state.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file opened for reading and appending by exactly one writer: audit logs and spools. The
 * parent directories are created; another process, or another log in this one, holding the file
 * is refused.
 *
 * @param channel the open channel
 * @param lock    the exclusive lock on it, released when the channel closes
 */
public record LockedFile(FileChannel channel, FileLock lock) {

    /**
     * Opens (or creates) {@code file} and locks it.
     *
     * @param inUse what the {@link IllegalStateException} says when someone else holds it
     */
    public static LockedFile open(Path file, String inUse) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            FileLock fl;
            try {
                fl = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                fl = null; // held by this JVM
            }
            if (fl == null) {
                throw new IllegalStateException(inUse);
            }
            return new LockedFile(ch, fl);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }
}
