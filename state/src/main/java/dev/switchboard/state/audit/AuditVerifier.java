package dev.switchboard.state.audit;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.audit.AuditVerification.Kind;
import dev.switchboard.state.audit.AuditVerification.Problem;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * Walks an audit log in JSONL (one {@link AuditRecord} per line, the first with sequence 1) and
 * reports the first broken link precisely: the line, the sequence, and what is wrong there.
 *
 * <p>For every line in order it checks that the line is a well-formed record, that its hash matches
 * its content (else {@link Kind#MODIFIED}), that its sequence is the next one (a jump is
 * {@link Kind#REORDERED} when the expected record shows up later in the file, else
 * {@link Kind#MISSING}; a step back is {@link Kind#REORDERED}), and that it carries the previous
 * record's hash ({@link Kind#BROKEN_LINK}: the previous record was edited and re-hashed). An
 * unfinished last line is {@link Kind#TRUNCATED}. Reads the file as a stream (a second pass only to
 * tell a deletion from a reordering), so logs larger than memory verify fine.
 */
public final class AuditVerifier {
    private AuditVerifier() {
    }

    /**
     * Verifies the JSONL file {@code file}.
     *
     * @throws IOException when the file cannot be read
     */
    public static AuditVerification verify(Path file) throws IOException {
        boolean complete = endsWithNewline(file);
        try {
            return verify(() -> lines(Files.newInputStream(file)), complete, line -> "line " + line);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Verifies {@code files} as one chain, in the order given: a log's rotated segments oldest
     * first, then the file it goes on in. Problems name the file and its line; a problem's
     * {@link AuditVerification.Problem#line() line} counts across the files.
     *
     * @throws IOException when a file cannot be read
     */
    public static AuditVerification verifyFiles(List<Path> files) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no audit log files to verify");
        }
        if (files.size() == 1) {
            return verify(files.getFirst());
        }
        boolean complete = endsWithNewline(files.getLast());
        TreeMap<Long, Path> starts = new TreeMap<>(); // the first line (counted across files) of each file
        try {
            return verify(() -> lines(files, starts), complete, line -> {
                Map.Entry<Long, Path> in = starts.floorEntry(line);
                return "line " + (line - in.getKey() + 1) + " of " + in.getValue().getFileName();
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Verifies records given as lines (each one complete record, no line breaks). */
    public static AuditVerification verify(List<String> lines) {
        try {
            return verify(() -> {
                Iterator<String> it = lines.iterator();
                return new Lines() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public String next() {
                        return it.next();
                    }

                    @Override
                    public void close() {
                    }
                };
            }, true, line -> "line " + line);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: nothing to read
        }
    }

    /** Lines read one by one; closing releases the file. */
    private interface Lines extends Iterator<String>, Closeable {
    }

    /** Opens the lines again for each pass. */
    private interface Source {
        Lines open() throws IOException;
    }

    private static AuditVerification verify(Source source, boolean lastLineComplete, LongFunction<String> where) throws IOException {
        try (Lines it = source.open()) {
            return walk(source, it, lastLineComplete, where);
        }
    }

    private static AuditVerification walk(Source source, Lines it, boolean lastLineComplete, LongFunction<String> where)
            throws IOException {
        long records = 0;
        long expected = 1;
        String prev = AuditRecord.GENESIS;
        long line = 0;
        while (it.hasNext()) {
            String text = it.next();
            line++;
            Json json;
            try {
                json = Wire.parse(text);
            } catch (RuntimeException e) {
                Kind kind = !it.hasNext() && !lastLineComplete ? Kind.TRUNCATED : Kind.MALFORMED;
                String what = kind == Kind.TRUNCATED ? "the last line is an unfinished record (" + text.length() + " characters)"
                        : where.apply(line) + " is not JSON";
                return broken(records, expected - 1, prev, new Problem(kind, line, null, what));
            }
            AuditRecord r;
            try {
                r = AuditRecord.fromJson(json);
            } catch (IllegalArgumentException e) {
                return broken(records, expected - 1, prev, new Problem(Kind.MALFORMED, line, null,
                        where.apply(line) + " is not an audit record: " + e.getMessage()));
            }
            long seq = r.sequence();
            String recomputed = AuditRecord.hashOf(((JsonObject) json).without("hash"));
            if (!recomputed.equals(r.hash())) {
                return broken(records, expected - 1, prev, new Problem(Kind.MODIFIED, line, seq,
                        "record " + seq + " (" + where.apply(line) + ") was modified: its content does not match its hash"));
            }
            if (seq > expected) {
                long found;
                try (Lines again = source.open()) {
                    found = find(again, line, expected);
                }
                Problem p = found > 0
                        ? new Problem(Kind.REORDERED, line, seq, "record " + seq + " (" + where.apply(line) + ") comes before record "
                                + expected + ", which is at " + where.apply(found) + ": records were reordered")
                        : new Problem(Kind.MISSING, line, seq, (seq - expected == 1 ? "record " + expected + " is"
                                : "records " + expected + " to " + (seq - 1) + " are") + " missing before " + where.apply(line)
                                + " (record " + seq + "): deleted");
                return broken(records, expected - 1, prev, p);
            }
            if (seq < expected) {
                return broken(records, expected - 1, prev, new Problem(Kind.REORDERED, line, seq, "record " + seq + " ("
                        + where.apply(line) + ") comes after record " + (expected - 1) + ": out of order or repeated"));
            }
            if (!r.previousHash().equals(prev)) {
                String what = seq == 1 ? "record 1 (" + where.apply(line) + ") does not start from the genesis hash: the log's beginning was replaced"
                        : "record " + seq + " (" + where.apply(line) + ") does not link to record " + (seq - 1)
                        + ": record " + (seq - 1) + " was modified and re-hashed, or replaced";
                return broken(records, expected - 1, prev, new Problem(Kind.BROKEN_LINK, line, seq, what));
            }
            records++;
            expected++;
            prev = r.hash();
        }
        return new AuditVerification(records, expected - 1, prev, null);
    }

    private static AuditVerification broken(long records, long lastSequence, String lastHash, Problem problem) {
        return new AuditVerification(records, lastSequence, lastHash, problem);
    }

    /** The line (after {@code after}) holding record {@code sequence}, or 0. */
    private static long find(Lines it, long after, long sequence) {
        long line = 0;
        while (it.hasNext()) {
            String text = it.next();
            line++;
            if (line <= after) {
                continue;
            }
            try {
                if (Wire.parse(text) instanceof JsonObject o && o.get("seq") instanceof dev.switchboard.protocol.json.JsonNumber n
                        && n.fitsLong() && n.longValue() == sequence) {
                    return line;
                }
            } catch (RuntimeException e) {
                // damaged lines cannot hold the record we look for
            }
        }
        return 0;
    }

    /** The lines of {@code files} one after the other, noting in {@code starts} where each file begins. */
    private static Lines lines(List<Path> files, TreeMap<Long, Path> starts) {
        return new Lines() {
            private int index = -1;
            private long count;
            private Lines current = next(null);

            private Lines next(Lines done) {
                try {
                    if (done != null) {
                        done.close();
                    }
                    Lines open = null;
                    while (open == null && ++index < files.size()) {
                        starts.put(count + 1, files.get(index));
                        Lines l = lines(Files.newInputStream(files.get(index)));
                        if (l.hasNext()) {
                            open = l;
                        } else {
                            l.close();
                        }
                    }
                    return open;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean hasNext() {
                return current != null && current.hasNext();
            }

            @Override
            public String next() {
                String l = current.next();
                count++;
                if (!current.hasNext()) {
                    current = next(current);
                }
                return l;
            }

            @Override
            public void close() throws IOException {
                if (current != null) {
                    current.close();
                }
            }
        };
    }

    private static Lines lines(InputStream in) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return new Lines() {
            private String next = read();

            private String read() {
                try {
                    return reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public String next() {
                String l = next;
                next = read();
                return l;
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() == 0) {
                return true;
            }
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, ch.size() - 1);
            return b.get(0) == '\n';
        }
    }
}
