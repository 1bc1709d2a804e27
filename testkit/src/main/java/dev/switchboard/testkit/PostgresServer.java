package dev.switchboard.testkit;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real, throwaway PostgreSQL cluster on a free 127.0.0.1 port, for tests and benchmarks:
 *
 * <pre>{@code
 * try (PostgresServer pg = PostgresServer.start()) {
 *     pg.createDatabase("registry");
 *     String url = pg.url("registry"); // postgresql://postgres@127.0.0.1:PORT/registry
 * }
 * }</pre>
 *
 * {@link #start()} runs {@code initdb} (trust authentication, superuser {@code postgres}, C locale)
 * in a new temporary directory, then {@code postgres} in the foreground as a child process,
 * listening on 127.0.0.1 only with its socket in that directory, and durability traded for speed
 * ({@code fsync=off}): the data is thrown away anyway. It returns once the server logs that it
 * accepts connections and its port answers, within 30 s. {@link #close()} stops it by its process
 * id (SIGINT: PostgreSQL's fast shutdown, then SIGKILL after 10 s) and deletes the directory.
 * Servers still running when the JVM exits are killed.
 *
 * <p><b>As root</b> (CI and the development machines run as root), {@code initdb} and
 * {@code postgres} refuse to run. They are then run as the {@code postgres} user (which Debian's
 * package creates; else {@code nobody}) through {@code setpriv}, which switches user and then
 * executes the command itself, so the child's process id is the server's and stopping it by that id
 * stops the server. The temporary directory is handed to that user.
 *
 * <p>The binaries are found under {@code -Dswitchboard.postgres.bin=DIR}, else
 * {@code /usr/lib/postgresql/<newest>/bin} (Debian's layout), else the {@code PATH};
 * {@code scripts/ensure-tools.sh} installs them. When they are missing, {@link #start()} fails
 * saying so (a test needing PostgreSQL fails, it is not skipped).
 */
public final class PostgresServer implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Path bin;
    private final Path dir;
    private final int port;
    private final List<String> asUser;
    private Process process;

    private PostgresServer(Path bin, Path dir, int port, List<String> asUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asUser = asUser;
    }

    /**
     * Creates a cluster in a new temporary directory and starts it on a free port.
     *
     * @throws IOException when the binaries are missing, {@code initdb} fails, or the server does not
     *                     start on three ports in a row (the message holds its log)
     */
    public static PostgresServer start() throws IOException {
        String configured = System.getProperty("switchboard.postgres.bin");
        Path bin = findBinaries().orElseThrow(() -> new IOException("PostgreSQL is not installed: no initdb and postgres "
                + (configured != null && !configured.isBlank() ? "in " + configured + " (-Dswitchboard.postgres.bin)"
                : "under /usr/lib/postgresql/*/bin or on the PATH")
                + "; on Debian: apt-get install postgresql, as scripts/ensure-tools.sh does"));
        String user = "root".equals(System.getProperty("user.name")) ? unprivilegedUser() : null;
        List<String> asUser = user == null ? List.of() : setpriv(user);
        Path dir = Files.createTempDirectory("switchboard-postgres-");
        try {
            if (user != null) {
                handTo(dir, user);
            }
            List<String> initdb = new ArrayList<>(asUser);
            initdb.addAll(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust",
                    "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync"));
            run(initdb, dir.resolve("initdb.log"), "initdb");
            IOException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                // another process may take the port before PostgreSQL binds it: then pick again
                PostgresServer server = new PostgresServer(bin, dir, RedisServer.freePort(), asUser);
                try {
                    server.launch();
                    return server;
                } catch (IOException e) {
                    last = e;
                }
            }
            throw last;
        } catch (IOException | RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    /**
     * The directory holding {@code initdb} and {@code postgres}: {@code -Dswitchboard.postgres.bin}
     * when set (and then only it), else the newest {@code /usr/lib/postgresql/N/bin}, else the first on
     * the {@code PATH}; empty when none holds both.
     */
    public static Optional<Path> findBinaries() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("switchboard.postgres.bin");
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured)); // named on purpose: no other is tried
            return candidates.stream().filter(PostgresServer::holdsBinaries).findFirst();
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.filter(p -> p.getFileName().toString().matches("\\d+"))
                        .sorted(Comparator.comparingInt((Path p) -> Integer.parseInt(p.getFileName().toString())).reversed())
                        .forEach(p -> candidates.add(p.resolve("bin")));
            } catch (IOException e) {
                // fall through to the PATH
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(File.pathSeparator)) {
                if (!d.isBlank()) {
                    candidates.add(Path.of(d));
                }
            }
        }
        return candidates.stream().filter(PostgresServer::holdsBinaries).findFirst();
    }

    private static boolean holdsBinaries(Path dir) {
        return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("postgres"));
    }

    /** {@code postgres} when that user exists, else {@code nobody}. */
    private static String unprivilegedUser() throws IOException {
        return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith("postgres:")) ? "postgres" : "nobody";
    }

    /** The prefix running a command as {@code user}: setpriv switches, then executes the command in its own place. */
    private static List<String> setpriv(String user) throws IOException {
        Path setpriv = Stream.of("/usr/bin/setpriv", "/bin/setpriv").map(Path::of).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IOException("running as root, PostgreSQL must run as another user, but setpriv "
                        + "(util-linux) is missing"));
        return List.of(setpriv.toString(), "--reuid=" + user, "--regid=" + group(user), "--clear-groups", "--");
    }

    /** The numeric primary group of {@code user}. */
    private static String group(String user) throws IOException {
        return Files.readAllLines(Path.of("/etc/passwd")).stream().filter(l -> l.startsWith(user + ":"))
                .map(l -> l.split(":")[3]).findFirst().orElseThrow(() -> new IOException("no user " + user + " in /etc/passwd"));
    }

    /** Makes {@code user} the owner of {@code dir}, where initdb creates the cluster. */
    private static void handTo(Path dir, String user) throws IOException {
        UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        view.setOwner(lookup.lookupPrincipalByName(user));
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>(asUser);
        command.addAll(List.of(bin.resolve("postgres").toString(), "-D", dir.resolve("data").toString(),
                "-h", "127.0.0.1", "-p", Integer.toString(port), "-k", dir.toString(),
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=200"));
        Path log = dir.resolve("postgres-" + port + ".log");
        synchronized (this) {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            ChildServers.started(process);
        }
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                ChildServers.exited(process);
                throw new IOException("postgres exited with " + process.exitValue() + " on port " + port + "; its log:\n"
                        + Files.readString(log));
            }
            if (Files.readString(log).contains("ready to accept connections") && answers()) {
                return;
            }
            ChildServers.pause(50, "postgres");
        }
        stop();
        throw new IOException("postgres did not start on port " + port + " within " + STARTUP.toSeconds() + " s; its log:\n"
                + Files.readString(log));
    }

    /**
     * Creates the database {@code name} (owned by {@code postgres}) with {@code createdb}.
     *
     * @throws IOException when {@code createdb} fails (its output is in the message)
     */
    public void createDatabase(String name) throws IOException {
        run(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres",
                name), dir.resolve("createdb.log"), "createdb " + name);
    }

    /** The URL of database {@code db}, e.g. {@code postgresql://postgres@127.0.0.1:5432/registry}. */
    public String url(String db) {
        return "postgresql://postgres@127.0.0.1:" + port + "/" + db;
    }

    /** The JDBC URL of database {@code db}, e.g. {@code jdbc:postgresql://127.0.0.1:5432/registry?user=postgres}. */
    public String jdbcUrl(String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db + "?user=postgres";
    }

    /** The server's URI, e.g. {@code postgresql://127.0.0.1:5432}. */
    public URI uri() {
        return URI.create("postgresql://127.0.0.1:" + port);
    }

    /** The server's port. */
    public int port() {
        return port;
    }

    /** The process id while it runs, or -1. */
    public synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    /** Stops the server by its process id: SIGINT (fast shutdown: clients are disconnected), SIGKILL after 10 s. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        ChildServers.stop(process, p -> new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start()
                .waitFor(5, TimeUnit.SECONDS));
        process = null;
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() {
        stop();
        deleteTree(dir);
    }

    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(List<String> command, Path log, String what) throws IOException {
        Process p = new ProcessBuilder(command).directory(log.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(what + " did not finish within 60 s; its output:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + what, e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(what + " exited with " + p.exitValue() + "; its output:\n" + Files.readString(log));
        }
    }

    private static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
