package dev.switchboard.cli;

import dev.switchboard.policy.audit.AuditCheck;
import dev.switchboard.policy.audit.AuditKey;
import dev.switchboard.policy.audit.Checkpoint;
import dev.switchboard.policy.audit.CheckpointVerifier;
import dev.switchboard.policy.audit.TrustedHead;
import dev.switchboard.state.audit.AuditRecord;
import dev.switchboard.state.embedded.FileAuditLog;
import dev.switchboard.state.redis.RedisAuditLog;
import dev.switchboard.state.redis.RedisState;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code switchboard audit}: verify an audit log (a JSONL file, or the chain in Redis), show its
 * last records, export the Redis chain to a file, and make the key that signs checkpoints.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Verify, read and export the audit log; make its key.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Tail.class, AuditCommand.Export.class, AuditCommand.Keygen.class})
final class AuditCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the log is: a file, or a Redis stream. */
    static final class Source {
        @Parameters(paramLabel = "FILE", arity = "0..*", description = {"A JSONL audit log (written by --audit FILE, or exported),",
                "read with the segments rotated out of it (FILE-STEM.FIRST-LAST.jsonl beside it); or several files, read",
                "in the order given as one chain (archived segments, then the file they continue in)."})
        List<Path> files = List.of();

        @Option(names = "--state", paramLabel = "URI", description = "Read the chain in this Redis (redis://HOST:PORT) instead.")
        URI state;

        @Option(names = "--name", defaultValue = "decisions", description = "The Redis audit stream's name (default: ${DEFAULT-VALUE}).")
        String name;

        void check(CommandLine cli) {
            if (files.isEmpty() == (state == null)) {
                throw new CommandLine.ParameterException(cli, "give either a FILE or --state redis://...");
            }
        }

        /** The files to read in chain order: one FILE with its rotated segments before it, or the FILEs as given. */
        List<Path> chain() throws IOException {
            if (files.size() > 1) {
                return files;
            }
            List<Path> out = new ArrayList<>(FileAuditLog.segments(files.getFirst()));
            if (Files.exists(files.getFirst()) || out.isEmpty()) {
                out.add(files.getFirst());
            }
            return out;
        }
    }

    /** What a copy from Redis wrote, and the trusted head kept in Redis (or null). */
    record Copied(long written, Checkpoint head) {
    }

    /**
     * Copies the Redis chain's records that {@code file} lacks to it, rotating it at
     * {@code rotateAt} bytes (0: never), and with {@code drain} removes them from Redis (keeping the last).
     */
    static Copied copyFromRedis(RedisState state, String name, Path file, boolean drain, long rotateAt) throws IOException {
        Path spool = Files.createTempFile("switchboard-audit-read", ".spool");
        long written;
        try (RedisAuditLog log = state.auditLog(name, spool)) { // read-only here: the spool stays empty
            written = drain ? log.drainTo(file, rotateAt) : log.exportTo(file, rotateAt);
        } finally {
            Files.deleteIfExists(spool);
            Files.deleteIfExists(spool.resolveSibling(spool.getFileName() + ".offset"));
        }
        return new Copied(written, TrustedHead.keyValue(state.store(), Governance.headKey(name)).latest().orElse(null));
    }

    /** {@code audit verify}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check the hash chain, every checkpoint's signature and head, and the trusted head.",
                    "Prints OK with counts and the last record, or BROKEN naming the first bad link. Exit 0 intact, 6 broken."})
    static final class Verify implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Source source = new Source();

        @Option(names = "--public-key", paramLabel = "FILE", required = true,
                description = "A public key file (or the key file) checkpoints may be signed with; repeatable (rotation).")
        List<Path> publicKeys;

        @ArgGroup(exclusive = true)
        HeadChoice head;

        /** Which trusted head to check against. */
        static final class HeadChoice {
            @Option(names = "--head", paramLabel = "FILE",
                    description = "The trusted head (default: FILE.head next to a file log; the head kept in Redis).")
            Path file;

            @Option(names = "--no-head", description = "Check without a trusted head (a cut-off tail cannot be detected).")
            boolean none;
        }

        @Override
        public Integer call() throws Exception {
            source.check(spec.commandLine());
            List<PublicKey> keys = new ArrayList<>();
            for (Path p : publicKeys) {
                keys.add(AuditKey.readPublic(p));
            }
            List<Path> chain = source.state != null ? List.of() : source.chain();
            Path file = chain.isEmpty() ? null : chain.getLast(); // the trusted head is kept beside the file the log goes on in
            Checkpoint trusted = null;
            Path temp = null;
            try {
                if (source.state != null) {
                    temp = Files.createTempFile("switchboard-audit", ".jsonl");
                    try (RedisState state = ServeCommand.connect(source.state)) {
                        trusted = copyFromRedis(state, source.name, temp, false, 0).head();
                    }
                    chain = List.of(temp);
                } else if (Files.exists(file.resolveSibling(file.getFileName() + ".head"))) {
                    trusted = TrustedHead.file(file.resolveSibling(file.getFileName() + ".head")).latest().orElse(null);
                }
                if (head != null) {
                    trusted = head.none ? null : TrustedHead.file(head.file).latest().orElseThrow(
                            () -> new IllegalArgumentException(head.file + ": no checkpoint in it"));
                }
                AuditCheck check = CheckpointVerifier.verifyFiles(chain, keys, trusted);
                PrintWriter out = spec.commandLine().getOut();
                out.println(check);
                if (chain.size() > 1) {
                    out.println("(" + chain.size() + " files, as one chain: " + String.join(", ",
                            chain.stream().map(f -> f.getFileName().toString()).toList()) + ")");
                }
                return check.intact() ? 0 : ExitCodes.AUDIT_BROKEN;
            } finally {
                if (temp != null) {
                    Files.deleteIfExists(temp);
                }
            }
        }
    }

    /** {@code audit tail}. */
    @Command(name = "tail", mixinStandardHelpOptions = true, description = "Print the last records, one JSON line each.")
    static final class Tail implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Source source = new Source();

        @Option(names = {"-n", "--lines"}, defaultValue = "20", description = "How many (default: ${DEFAULT-VALUE}).")
        int lines;

        @Override
        public Integer call() throws Exception {
            source.check(spec.commandLine());
            Deque<String> last = new ArrayDeque<>();
            if (source.state == null) {
                for (Path f : source.chain()) {
                    try (BufferedReader r = Files.newBufferedReader(f)) {
                        for (String line; (line = r.readLine()) != null; ) {
                            keep(last, line);
                        }
                    }
                }
            } else {
                Path spool = Files.createTempFile("switchboard-audit-read", ".spool");
                try (RedisState state = ServeCommand.connect(source.state);
                     RedisAuditLog log = state.auditLog(source.name, spool)) {
                    // the stream is read front to back: fine for what a stream holds between drains
                    long next = 1;
                    for (List<AuditRecord> batch = log.read(next, 500); !batch.isEmpty(); batch = log.read(next, 500)) {
                        batch.forEach(rec -> keep(last, rec.toLine()));
                        next = batch.getLast().sequence() + 1;
                    }
                } finally {
                    Files.deleteIfExists(spool);
                    Files.deleteIfExists(spool.resolveSibling(spool.getFileName() + ".offset"));
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            last.forEach(out::println);
            return 0;
        }

        private void keep(Deque<String> last, String line) {
            last.addLast(line);
            if (last.size() > lines) {
                last.removeFirst();
            }
        }
    }

    /** {@code audit export}. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Append the Redis chain's records that FILE lacks to FILE (created if absent), and its trusted",
                    "head to FILE.head; then 'audit verify FILE' checks it offline. With --drain, also remove what was",
                    "copied from Redis (keeping the last record): run it periodically, one drainer per chain."})
    static final class Export implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The JSONL file to write.")
        Path file;

        @Option(names = "--state", paramLabel = "URI", required = true, description = "The Redis holding the chain.")
        URI state;

        @Option(names = "--name", defaultValue = "decisions", description = "The audit stream's name (default: ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--drain", description = "Remove the copied records from Redis (the last one stays: the chain's head).")
        boolean drain;

        @Option(names = "--rotate-mb", paramLabel = "MIB", defaultValue = "0",
                description = "Move FILE aside to FILE-STEM.FIRST-LAST.jsonl once it holds this many MiB and go on in a new FILE "
                        + "(default: ${DEFAULT-VALUE}, never).")
        int rotateMb;

        @Override
        public Integer call() throws Exception {
            if (rotateMb < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--rotate-mb is a number of MiB, or 0 for never");
            }
            Copied copied;
            try (RedisState redis = ServeCommand.connect(state)) {
                copied = copyFromRedis(redis, name, file, drain, rotateMb * 1024L * 1024L);
            }
            Checkpoint head = copied.head();
            if (head != null) {
                TrustedHead.file(file.resolveSibling(file.getFileName() + ".head")).publish(head);
            }
            spec.commandLine().getOut().println((drain ? "Drained " : "Exported ") + copied.written() + " records to " + file
                    + (head == null ? "; Redis holds no trusted head yet" : "; trusted head (record " + head.sequence() + ") in "
                    + file.getFileName() + ".head"));
            return 0;
        }
    }

    /** {@code audit keygen}. */
    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = {"Write a new audit key (Ed25519 signing key and HMAC secret) to FILE, readable by you only,",
                    "and its public key to FILE.pub for verifiers. Give FILE to every instance as --audit-key."})
    static final class Keygen implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "Where to write the key.")
        Path file;

        @Option(names = "--force", description = "Replace an existing FILE.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            if (Files.exists(file) && !force) {
                throw new IllegalArgumentException(file + " exists; a new key would orphan the checkpoints signed with it "
                        + "(give --force to replace it anyway)");
            }
            AuditKey key = AuditKey.generate();
            key.write(file);
            Path pub = file.resolveSibling(file.getFileName() + ".pub");
            key.writePublic(pub);
            spec.commandLine().getOut().println("Wrote audit key " + key.id() + " to " + file + " and its public key to " + pub);
            return 0;
        }
    }
}
