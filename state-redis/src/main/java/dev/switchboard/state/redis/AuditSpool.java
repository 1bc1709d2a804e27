package dev.switchboard.state.redis;

import dev.switchboard.state.audit.LockedFile;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The local spool of a {@link RedisAuditLog}: events that could not be chained because Redis was
 * unreachable, in arrival order, each forced to the device before {@code append} returns. A JSONL
 * file ({@code {"time":…,"event":…}} per line) plus {@code <spool>.offset}, the byte offset up to
 * which entries have been chained (written after each one), so a restart resumes the flush where it
 * stopped: a crash between chaining an entry and recording the offset chains that entry twice, never
 * zero times. Emptied (truncated) once everything is flushed. Locked against a second user.
 *
 * <p>Not thread-safe: the owning log serialises access.
 */
final class AuditSpool implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AuditSpool.class.getName());
    private static final int CHUNK = 64 * 1024;

    /** One spooled event and the byte offset just past it. */
    record Entry(Instant time, JsonObject event, long end) {
    }

    private final Path file;
    private final Path offsetFile;
    private final FileChannel channel;
    private final FileLock lock;
    private long size;
    private long flushed;
    private int pending;

    private AuditSpool(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.offsetFile = file.resolveSibling(file.getFileName() + ".offset");
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Opens (or creates) the spool in {@code file}, with whatever an earlier process left unflushed.
     *
     * @throws IllegalStateException when another log uses the same spool file
     */
    static AuditSpool open(Path file) throws IOException {
        LockedFile locked = LockedFile.open(file, "audit spool " + file + " is in use by another log (give each instance its own)");
        try {
            AuditSpool spool = new AuditSpool(file, locked.channel(), locked.lock());
            spool.recover();
            return spool;
        } catch (IOException | RuntimeException e) {
            locked.channel().close();
            throw e;
        }
    }

    private void recover() throws IOException {
        size = channel.size();
        long lastBreak = lastBreakBefore(size);
        if (lastBreak != size - 1) {
            // a crash while spooling: that event's append never returned, so nobody relies on it
            Path aside = file.resolveSibling(file.getFileName() + ".truncated-" + System.currentTimeMillis());
            Files.write(aside, read(lastBreak + 1, size - lastBreak - 1), StandardOpenOption.CREATE_NEW);
            channel.truncate(lastBreak + 1);
            channel.force(true);
            size = lastBreak + 1;
            LOG.log(System.Logger.Level.WARNING, "audit spool " + file + " ended in an unfinished entry; moved it to " + aside);
        }
        flushed = 0;
        if (Files.exists(offsetFile)) {
            try {
                flushed = Math.min(size, Math.max(0, Long.parseLong(Files.readString(offsetFile).strip())));
            } catch (NumberFormatException e) {
                LOG.log(System.Logger.Level.WARNING, "audit spool offset " + offsetFile + " is unreadable; flushing the spool "
                        + "from its start (records may be chained twice, none lost)");
            }
        }
        pending = 0;
        for (long pos = flushed; pos < size; pos += CHUNK) {
            for (byte c : read(pos, Math.min(CHUNK, size - pos))) {
                if (c == '\n') {
                    pending++;
                }
            }
        }
    }

    /** Spooled events not chained yet. */
    int pending() {
        return pending;
    }

    /** Adds an event; returns once it is on the device. */
    void add(Instant time, JsonObject event) throws IOException {
        JsonObject entry = JsonObject.builder().put("time", Instant.ofEpochMilli(time.toEpochMilli()).toString()).put("event", event).build();
        ByteBuffer b = ByteBuffer.wrap((Wire.toText(entry) + "\n").getBytes(StandardCharsets.UTF_8));
        long at = size;
        try {
            while (b.hasRemaining()) {
                channel.write(b, at + b.position());
            }
            channel.force(false);
        } catch (IOException e) {
            channel.truncate(at);
            throw e;
        }
        size = at + b.limit();
        pending++;
    }

    /** Up to {@code max} of the oldest unflushed entries (read in bounded chunks: a spool may outgrow memory). */
    List<Entry> peek(int max) throws IOException {
        List<Entry> out = new ArrayList<>();
        long window = CHUNK;
        while (out.isEmpty() && flushed < size) {
            byte[] rest = read(flushed, Math.min(size - flushed, window));
            int start = 0;
            for (int i = 0; i < rest.length && out.size() < max; i++) {
                if (rest[i] == '\n') {
                    JsonObject o = Wire.parse(rest, start, i - start).asObject();
                    out.add(new Entry(Instant.parse(o.getString("time")), o.getObject("event"), flushed + i + 1));
                    start = i + 1;
                }
            }
            window *= 2; // one entry larger than the window: read more
        }
        return out;
    }

    /** Records that every entry before {@code end} is chained; empties the spool when nothing is left. */
    void advance(long end) throws IOException {
        flushed = end;
        pending--;
        if (flushed >= size) {
            channel.truncate(0);
            channel.force(true);
            size = 0;
            flushed = 0;
            pending = 0;
            Files.deleteIfExists(offsetFile);
            return;
        }
        try (FileChannel out = FileChannel.open(offsetFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(Long.toString(end).getBytes(StandardCharsets.US_ASCII));
            while (b.hasRemaining()) {
                out.write(b);
            }
            out.force(false);
        }
    }

    private byte[] read(long at, long length) throws IOException {
        if (length > Integer.MAX_VALUE - 16) {
            throw new IOException("an audit spool entry longer than 2 GB");
        }
        ByteBuffer b = ByteBuffer.allocate((int) length);
        while (b.hasRemaining()) {
            if (channel.read(b, at + b.position()) < 0) {
                throw new IOException("audit spool " + file + " shrank while being read");
            }
        }
        return b.array();
    }

    /** The position of the last line break before {@code end}, or -1. */
    private long lastBreakBefore(long end) throws IOException {
        for (long pos = end; pos > 0; pos -= CHUNK) {
            long from = Math.max(0, pos - CHUNK);
            byte[] b = read(from, pos - from);
            for (int i = b.length - 1; i >= 0; i--) {
                if (b[i] == '\n') {
                    return from + i;
                }
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            channel.force(true);
            lock.release();
            channel.close();
        }
    }
}
