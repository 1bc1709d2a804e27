package dev.switchboard.state.embedded;

import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.audit.AuditLog;
import dev.switchboard.state.audit.AuditRecord;
import dev.switchboard.state.audit.FsyncPolicy;
import dev.switchboard.state.audit.LockedFile;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

// Over 400 lines: opening (lock, crash repair, resuming the chain), appending, rotating and reading
// are one file format's rules, which read best side by side.

/**
 * The embedded {@link AuditLog}: a JSONL file, one {@link AuditRecord} per line, which
 * {@link dev.switchboard.state.audit.AuditVerifier} checks as it is.
 *
 * <p><b>One writer.</b> The file is locked for as long as the log is open, so a second writer (in
 * this process or another) is refused instead of forking the chain. Appends from many threads are
 * serialised. Records reach the device as the {@link FsyncPolicy} says (default: every append).
 * Under {@link FsyncPolicy#onSync()} appended records wait in memory and {@link #sync()} writes them
 * with one write and one {@code fsync}: nobody has been told such a record is durable before then.
 *
 * <p><b>Rotation.</b> Opened with a size to rotate at, the log moves a file that has reached it
 * aside before the next write, to {@code <name>.<first>-<last>.jsonl} (the sequences of its first
 * and last records, 12 digits or more, so names sort in chain order; {@link #segments}), and goes on
 * in a new {@code <name>.jsonl}: the chain continues across files, which
 * {@link dev.switchboard.state.audit.AuditVerifier#verifyFiles(List)} checks as one. Segments are never
 * deleted here; archive them as records.
 *
 * <p><b>Reopening.</b> The chain resumes from the last record in the file; opening reads only the
 * file's end, so it is fast whatever the log's size, and refuses a file whose last record does not
 * match its own hash. A last line left unfinished by a crash (no line break) is detected: if it is
 * a complete record that continues the chain, only its line break is added; otherwise the fragment
 * is moved to {@code <file>.truncated-<millis>} (never silently dropped; see {@link #truncatedTail()}),
 * the file is cut back to the last complete record and a warning is logged. Under the default policy
 * such a fragment was never acknowledged to anyone.
 *
 * <p>Thread-safe.
 */
public final class FileAuditLog implements AuditLog {
    private static final System.Logger LOG = System.getLogger(FileAuditLog.class.getName());
    private static final int CHUNK = 8192;
    /** Records waiting for {@link #sync()} beyond this many bytes are written (not forced) at once. */
    private static final int PENDING_LIMIT = 1 << 20;

    private final Path file;
    private FileChannel channel;   // guarded by lock: replaced when the file rotates
    private FileLock fileLock;     // guarded by lock
    private final FsyncPolicy policy;
    private final long rotateAt;
    private final Clock clock;
    private final Path truncatedTail;
    private final ScheduledExecutorService syncer;
    private final ReentrantLock lock = new ReentrantLock();
    private final AuditRecord.Encoder encoder = new AuditRecord.Encoder(); // guarded by lock
    private AuditRecord head;  // guarded by lock: the last record appended (written or pending)
    private AuditRecord written; // guarded by lock: the last record in the file
    private long size;         // guarded by lock: bytes of complete records in the file
    private long firstInFile;  // guarded by lock: the sequence of the file's first record, 0 while it has none
    private ByteBuffer pending; // guarded by lock: lines appended under OnSync and not written yet, or null
    private boolean dirty;     // guarded by lock: written since the last force
    private boolean failed;    // guarded by lock: a failed write could not be undone
    private volatile boolean closed;

    private FileAuditLog(Path file, FileChannel channel, FileLock fileLock, FsyncPolicy policy, long rotateAt, Clock clock,
                         AuditRecord head, long size, long firstInFile, Path truncatedTail) {
        this.file = file;
        this.channel = channel;
        this.fileLock = fileLock;
        this.policy = policy;
        this.rotateAt = rotateAt;
        this.firstInFile = firstInFile;
        this.clock = clock;
        this.head = head;
        this.written = head;
        this.size = size;
        this.pending = policy instanceof FsyncPolicy.OnSync ? ByteBuffer.allocate(CHUNK) : null;
        this.truncatedTail = truncatedTail;
        if (policy instanceof FsyncPolicy.Periodic p) {
            syncer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("sb-audit-fsync").factory());
            long ms = Math.max(1, p.interval().toMillis());
            syncer.scheduleWithFixedDelay(this::syncQuietly, ms, ms, TimeUnit.MILLISECONDS);
        } else {
            syncer = null;
        }
    }

    /** Opens (or creates) the log in {@code file}, forcing every append to the device. */
    public static FileAuditLog open(Path file) throws IOException {
        return open(file, FsyncPolicy.everyAppend(), Clock.systemUTC());
    }

    /** Opens (or creates) the log in {@code file} with {@code policy}. */
    public static FileAuditLog open(Path file, FsyncPolicy policy) throws IOException {
        return open(file, policy, Clock.systemUTC());
    }

    /**
     * Opens (or creates) the log in {@code file}, with record times from {@code clock}.
     *
     * @throws IOException           when the file cannot be opened, read or repaired
     * @throws IllegalStateException when another writer holds the file, or its last record is damaged
     */
    public static FileAuditLog open(Path file, FsyncPolicy policy, Clock clock) throws IOException {
        return open(file, policy, 0, clock);
    }

    /**
     * Opens (or creates) the log in {@code file}, moving the file aside to a segment once it holds
     * {@code rotateAtBytes} (0: never), with record times from {@code clock}. An empty (or missing)
     * file continues the chain of the newest segment beside it.
     *
     * @throws IOException           when the file cannot be opened, read or repaired
     * @throws IllegalStateException when another writer holds the file, or its last record is damaged
     */
    public static FileAuditLog open(Path file, FsyncPolicy policy, long rotateAtBytes, Clock clock) throws IOException {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(clock, "clock");
        if (rotateAtBytes < 0) {
            throw new IllegalArgumentException("rotateAtBytes must be 0 (never) or positive, got " + rotateAtBytes);
        }
        LockedFile locked = LockedFile.open(file, file + " is already open for writing (an audit log has exactly one writer)");
        FileChannel ch = locked.channel();
        FileLock fl = locked.lock();
        try {
            long size = ch.size();
            Path aside = null;
            if (size > 0) {
                long lastBreak = lastIndexOf(ch, size);
                if (lastBreak != size - 1) {
                    long start = lastBreak + 1;
                    byte[] fragment = read(ch, start, size - start);
                    AuditRecord before = lastBreak < 0 ? null : recordEndingAt(ch, lastBreak, file);
                    AuditRecord candidate = tryParse(fragment);
                    if (candidate != null && candidate.isIntact() && candidate.follows(before)) {
                        writeFully(ch, ByteBuffer.wrap(new byte[] {'\n'}), size);
                        size++;
                    } else {
                        aside = file.resolveSibling(file.getFileName() + ".truncated-" + clock.millis());
                        try (FileChannel out = FileChannel.open(aside, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                            writeFully(out, ByteBuffer.wrap(fragment), 0);
                            out.force(true);
                        }
                        ch.truncate(start);
                        size = start;
                        LOG.log(System.Logger.Level.WARNING, file + " ended in an unfinished record (" + fragment.length
                                + " bytes, left by a crash while writing); moved it to " + aside + " and resumed the chain");
                    }
                    ch.force(true);
                }
            }
            AuditRecord head = size == 0 ? lastOfNewestSegment(file) : recordEndingAt(ch, size - 1, file);
            long first = size == 0 ? 0 : firstSequence(ch, file);
            return new FileAuditLog(file, ch, fl, policy, rotateAtBytes, clock, head, size, first, aside);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The log's file. */
    public Path file() {
        return file;
    }

    /** Where an unfinished last line found when opening was moved, if there was one. */
    public Optional<Path> truncatedTail() {
        return Optional.ofNullable(truncatedTail);
    }

    /** The last record appended, if any (under {@link FsyncPolicy#onSync()} perhaps not written until {@link #sync()}). */
    public Optional<AuditRecord> last() {
        lock.lock();
        try {
            return Optional.ofNullable(head);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends {@code event}, chained to the last record.
     *
     * @return the record (never empty: the file is the log)
     * @throws UncheckedIOException when the record could not be written; the file is left as before
     */
    @Override
    public Optional<AuditRecord> append(JsonObject event) {
        Objects.requireNonNull(event, "event");
        lock.lock();
        try {
            checkWritable();
            AuditRecord r = encoder.next(head, clock.instant(), event);
            if (pending == null) {
                write(r, encoder.line());
            } else {
                hold(r, encoder.line());
            }
            return Optional.of(r);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends a record chained elsewhere (an export or drain of another log): it must match its hash
     * and continue this file's chain exactly.
     *
     * @throws IllegalArgumentException when it does not
     */
    public void appendChained(AuditRecord record) {
        Objects.requireNonNull(record, "record");
        lock.lock();
        try {
            checkWritable();
            if (!record.isIntact()) {
                throw new IllegalArgumentException("record " + record.sequence() + " does not match its hash");
            }
            if (!record.follows(head)) {
                throw new IllegalArgumentException("record " + record.sequence() + " does not continue " + file
                        + (head == null ? ", which is empty" : ", which ends at record " + head.sequence()));
            }
            writePending();
            write(record, ByteBuffer.wrap((record.toLine() + "\n").getBytes(StandardCharsets.UTF_8)));
        } finally {
            lock.unlock();
        }
    }

    /** Writes {@code line}, the record {@code r} with its line break, at the end. */
    private void write(AuditRecord r, ByteBuffer line) {
        int length = line.remaining();
        rotateIfDue();
        long at = size;
        writeAtEnd(line, "record " + r.sequence());
        if (policy instanceof FsyncPolicy.EveryAppend) {
            try {
                channel.force(false);
                dirty = false;
            } catch (IOException e) {
                throw undo(at, e, "could not force record " + r.sequence()); // the caller was told it failed: not in the file
            }
        }
        size = at + length;
        if (firstInFile == 0) {
            firstInFile = r.sequence();
        }
        head = r;
        written = r;
    }

    /** Keeps {@code line}, the record {@code r} with its line break, for the next {@link #sync()}. */
    private void hold(AuditRecord r, ByteBuffer line) {
        if (pending.remaining() < line.remaining()) {
            if (pending.position() + line.remaining() > PENDING_LIMIT) {
                writePending(); // a long batch: its first part goes to the file now (forced at sync)
            }
            if (pending.remaining() < line.remaining()) {
                pending = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + line.remaining()))
                        .put(pending.flip());
            }
        }
        pending.put(line);
        head = r;
    }

    /**
     * Writes the records held for {@link #sync()}. On failure they stay held (the file is cut back to
     * what it held before), so a later sync writes them again.
     */
    private void writePending() {
        if (pending == null || pending.position() == 0) {
            return;
        }
        ByteBuffer lines = pending.duplicate().flip();
        int length = lines.remaining();
        rotateIfDue();
        long first = written == null ? 1 : written.sequence() + 1;
        writeAtEnd(lines, "records " + first + " to " + head.sequence());
        size += length;
        if (firstInFile == 0) {
            firstInFile = first;
        }
        written = head;
        pending.clear();
        if (pending.capacity() > PENDING_LIMIT) {
            pending = ByteBuffer.allocate(CHUNK); // one huge batch does not pin its buffer for the log's life
        }
    }

    /**
     * Moves the file aside to its segment once it holds {@code rotateAt} bytes, and goes on in a new
     * one. The moved file is forced first, and the directory after, so a crash leaves either the old
     * file or the segment and a new file, never a lost record; when the move fails the log goes on
     * in the same file (and says so).
     */
    private void rotateIfDue() {
        if (rotateAt == 0 || size < rotateAt || written == null) {
            return;
        }
        Path segment = segment(file, firstInFile, written.sequence());
        try {
            channel.force(true);
            dirty = false;
            fileLock.release();
            channel.close();
        } catch (IOException e) {
            failed = true;
            throw new UncheckedIOException("audit log " + file + ": could not close it to rotate", e);
        }
        IOException moveFailed = null;
        try {
            Files.move(file, segment, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            moveFailed = e;
        }
        try {
            LockedFile locked = LockedFile.open(file, file + " was opened by another writer while rotating");
            channel = locked.channel();
            fileLock = locked.lock();
            size = channel.size();
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw new UncheckedIOException("audit log " + file + ": could not reopen it after rotating",
                    e instanceof IOException io ? io : new IOException(e));
        }
        if (moveFailed != null) {
            LOG.log(System.Logger.Level.WARNING, "audit log " + file + " not rotated (it goes on in the same file): could not move it to "
                    + segment + ": " + moveFailed);
            return;
        }
        firstInFile = 0;
        forceDirectory(file);
    }

    /** Forces the directory holding {@code file}, so a rename in it survives a power cut (best effort). */
    private static void forceDirectory(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform opens directories; the rename is still made, only its durability waits for the OS
        }
    }

    /** The segment {@code file}'s records {@code first} to {@code last} are moved to. */
    static Path segment(Path file, long first, long last) {
        String[] name = stemAndExtension(file);
        return file.resolveSibling(String.format("%s.%012d-%012d%s", name[0], first, last, name[1]));
    }

    /**
     * The segments rotated out of {@code file}, oldest first (in chain order): what
     * {@link dev.switchboard.state.audit.AuditVerifier} checks before the file itself.
     */
    public static List<Path> segments(Path file) throws IOException {
        String[] name = stemAndExtension(file);
        Pattern p = Pattern.compile(Pattern.quote(name[0]) + "\\.(\\d{12,})-(\\d{12,})" + Pattern.quote(name[1]));
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        TreeMap<Long, Path> byFirst = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                Matcher m = p.matcher(f.getFileName().toString());
                if (m.matches()) {
                    byFirst.put(Long.parseLong(m.group(1)), file.resolveSibling(f.getFileName()));
                }
            });
        }
        return List.copyOf(byFirst.values());
    }

    /** {@code file}'s name without and with its {@code .jsonl} ending (empty when it has another). */
    private static String[] stemAndExtension(Path file) {
        String name = file.getFileName().toString();
        String ext = name.endsWith(".jsonl") ? ".jsonl" : "";
        return new String[] {name.substring(0, name.length() - ext.length()), ext};
    }

    /** The last record of the newest segment beside {@code file}, or null when there is none. */
    private static AuditRecord lastOfNewestSegment(Path file) throws IOException {
        List<Path> segments = segments(file);
        if (segments.isEmpty()) {
            return null;
        }
        Path newest = segments.getLast();
        try (FileChannel ch = FileChannel.open(newest, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                throw new IllegalStateException(newest + " is empty: a rotated segment always holds records; "
                        + "verify the log (switchboard audit verify) and repair it before appending");
            }
            return recordEndingAt(ch, lastIndexOf(ch, size), newest);
        }
    }

    /** The sequence of the first record in a non-empty file. */
    private static long firstSequence(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        long pos = 0;
        while (pos < size) {
            int n = (int) Math.min(CHUNK, size - pos);
            byte[] b = read(ch, pos, n);
            for (int i = 0; i < n; i++) {
                if (b[i] == '\n') {
                    AuditRecord r = tryParse(read(ch, 0, pos + i));
                    if (r == null) {
                        throw new IllegalStateException(file + ": the first line is not an audit record; verify the log "
                                + "(switchboard audit verify) and repair it before appending");
                    }
                    return r.sequence();
                }
            }
            pos += n;
        }
        throw new IllegalStateException(file + ": no complete record in it");
    }

    /** Writes {@code bytes} after the last complete record and marks the file dirty; on failure leaves the file as it was. */
    private void writeAtEnd(ByteBuffer bytes, String what) {
        long at = size;
        try {
            writeFully(channel, bytes, at);
            dirty = true;
        } catch (IOException e) {
            throw undo(at, e, "could not write " + what);
        }
    }

    /** Cuts the file back to {@code at} after {@code e}, so no half record is left for the next append to chain after. */
    private UncheckedIOException undo(long at, IOException e, String what) {
        try {
            channel.truncate(at);
        } catch (IOException again) {
            failed = true;
            e.addSuppressed(again);
        }
        return new UncheckedIOException("audit log " + file + ": " + what, e);
    }

    private void force(String what) {
        try {
            channel.force(false);
            dirty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("audit log " + file + ": fsync failed after writing " + what, e);
        }
    }

    private void checkWritable() {
        if (closed) {
            throw new IllegalStateException("audit log " + file + " is closed");
        }
        if (failed) {
            throw new IllegalStateException("audit log " + file + " failed to undo a broken write; reopen it");
        }
    }

    @Override
    public List<AuditRecord> read(long fromSequence, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        long end;
        lock.lock();
        try {
            writePending(); // what was appended is readable, durable or not
            end = size; // complete records only, even while an append is under way
        } finally {
            lock.unlock();
        }
        List<AuditRecord> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new Bounded(Files.newInputStream(file), end), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null && out.size() < limit; line = in.readLine()) {
                AuditRecord r = AuditRecord.parse(line);
                if (r.sequence() >= fromSequence) {
                    out.add(r);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("audit log " + file + ": could not read", e);
        }
        return out;
    }

    /** Writes what is held and forces everything written to the device now. */
    @Override
    public void sync() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            checkWritable();
            writePending();
            if (dirty) {
                force(written == null ? "nothing" : "record " + written.sequence());
            }
        } finally {
            lock.unlock();
        }
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "periodic fsync of " + file + " failed", e);
        }
    }

    @Override
    public void close() {
        if (syncer != null) {
            syncer.shutdownNow();
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            UncheckedIOException lost = null;
            try {
                if (!failed) {
                    writePending();
                }
            } catch (UncheckedIOException e) {
                lost = e; // the file is still closed and released; the caller learns what was not written
            }
            try {
                channel.force(true);
                fileLock.release();
            } finally {
                channel.close();
            }
            if (lost != null) {
                throw lost;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("audit log " + file + ": could not close cleanly", e);
        } finally {
            lock.unlock();
        }
    }

    // ---- file helpers --------------------------------------------------------------------------

    /** The record on the line that ends with the line break at {@code breakAt}. */
    private static AuditRecord recordEndingAt(FileChannel ch, long breakAt, Path file) throws IOException {
        long start = lastIndexOf(ch, breakAt) + 1;
        AuditRecord r = tryParse(read(ch, start, breakAt - start));
        if (r == null || !r.isIntact()) {
            throw new IllegalStateException(file + ": the last record is damaged (not a record, or it does not match its "
                    + "hash); verify the log (switchboard audit verify) and repair it before appending");
        }
        return r;
    }

    private static AuditRecord tryParse(byte[] line) {
        try {
            return AuditRecord.parse(new String(line, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The position of the last line break before {@code end}, or -1. */
    private static long lastIndexOf(FileChannel ch, long end) throws IOException {
        long pos = end;
        while (pos > 0) {
            int n = (int) Math.min(CHUNK, pos);
            byte[] b = read(ch, pos - n, n);
            for (int i = n - 1; i >= 0; i--) {
                if (b[i] == '\n') {
                    return pos - n + i;
                }
            }
            pos -= n;
        }
        return -1;
    }

    private static byte[] read(FileChannel ch, long at, long length) throws IOException {
        if (length > Integer.MAX_VALUE - 16) {
            throw new IOException("an audit record longer than 2 GB");
        }
        ByteBuffer b = ByteBuffer.allocate((int) length);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new IOException("the file shrank while being read");
            }
        }
        return b.array();
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long start = at - b.position();
        while (b.hasRemaining()) {
            ch.write(b, start + b.position());
        }
    }

    /** At most {@code limit} bytes of a stream. */
    private static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int c = super.read();
            if (c >= 0) {
                left--;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
