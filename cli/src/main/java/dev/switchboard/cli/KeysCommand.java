package dev.switchboard.cli;

import dev.switchboard.state.seal.KeyRing;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code switchboard keys}: the key ring every instance of a deployment shares (it seals
 * {@code requestState}, cursors and session ids). Key material never goes to the state store.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"Create, rotate and inspect key-ring files.",
                "Several instances: 'add' the new key everywhere, restart them, 'activate' it everywhere, restart, "
                        + "then 'remove' the old key once its tokens have expired. One instance: 'rotate'."},
        subcommands = {KeysCommand.New.class, KeysCommand.Rotate.class, KeysCommand.Add.class, KeysCommand.Activate.class,
                KeysCommand.Remove.class, KeysCommand.Show.class})
final class KeysCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code keys new FILE}. */
    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Write a new key ring with one random AES-256 key (file mode 600).")
    static final class New implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "Where to write the key ring.")
        Path file;

        @CommandLine.Option(names = "--force", description = "Overwrite an existing file.")
        boolean force;

        @Override
        public Integer call() throws Exception {
            if (Files.exists(file) && !force) {
                throw new IllegalArgumentException(file + " exists; use --force to replace it (tokens sealed "
                        + "with its keys stop working) or 'keys rotate' to add a key");
            }
            KeyRing ring = KeyRing.generate();
            ring.write(file);
            spec.commandLine().getOut().println("wrote " + file + " (active key " + ring.activeId() + ")");
            return 0;
        }
    }

    /** {@code keys rotate FILE}. */
    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Add a new key and make it active; older keys still open tokens until you remove them.")
    static final class Rotate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        AdminAudit audit;

        @Parameters(paramLabel = "FILE", description = "The key ring to rotate.")
        Path file;

        @Override
        public Integer call() throws Exception {
            KeyRing ring = KeyRing.read(file).rotate(KeyRing.newKeyId(), KeyRing.newKey());
            ring.write(file);
            spec.commandLine().getOut().println("rotated " + file + ": active key " + ring.activeId()
                    + ", keys " + String.join(", ", ring.ids()));
            return audit.record("key-rotated", dev.switchboard.protocol.json.JsonObject.builder().put("ring", file.toAbsolutePath().toString()).put("active", ring.activeId()).build(), null, spec.commandLine().getErr()) ? 0 : ExitCodes.UNREACHABLE;
        }
    }

    /** {@code keys add FILE}: a new key that opens tokens but does not seal them yet. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a new key without activating it (step 1 of a rotation across instances).")
    static final class Add implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        AdminAudit audit;

        @Parameters(paramLabel = "FILE", description = "The key ring.")
        Path file;

        @Override
        public Integer call() throws Exception {
            String id = KeyRing.newKeyId();
            KeyRing ring = KeyRing.read(file).with(id, KeyRing.newKey());
            ring.write(file);
            spec.commandLine().getOut().println("added key " + id + " to " + file + " (not active; active key "
                    + ring.activeId() + "). Copy the file to every instance and restart them, then 'keys activate "
                    + file + " " + id + "'.");
            return audit.record("key-added", dev.switchboard.protocol.json.JsonObject.builder().put("ring", file.toAbsolutePath().toString()).put("key", id).build(), null, spec.commandLine().getErr()) ? 0 : ExitCodes.UNREACHABLE;
        }
    }

    /** {@code keys activate FILE ID}. */
    @Command(name = "activate", mixinStandardHelpOptions = true,
            description = "Seal new tokens with key ID (step 2, once every instance has it).")
    static final class Activate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        AdminAudit audit;

        @Parameters(index = "0", paramLabel = "FILE", description = "The key ring.")
        Path file;

        @Parameters(index = "1", paramLabel = "ID", description = "The key to activate.")
        String id;

        @Override
        public Integer call() throws Exception {
            KeyRing before = KeyRing.read(file);
            if (!before.ids().contains(id)) {
                throw new IllegalArgumentException(file + ": no key \"" + id + "\" (keys: " + String.join(", ", before.ids()) + ")");
            }
            before.activate(id).write(file);
            spec.commandLine().getOut().println("active key of " + file + " is now " + id + " (was " + before.activeId() + ")");
            return audit.record("key-activated", dev.switchboard.protocol.json.JsonObject.builder().put("ring", file.toAbsolutePath().toString()).put("active", id).put("previous", before.activeId()).build(), null, spec.commandLine().getErr()) ? 0 : ExitCodes.UNREACHABLE;
        }
    }

    /** {@code keys remove FILE ID}. */
    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove key ID (step 3): tokens sealed with it stop opening. The active key cannot be removed.")
    static final class Remove implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        AdminAudit audit;

        @Parameters(index = "0", paramLabel = "FILE", description = "The key ring.")
        Path file;

        @Parameters(index = "1", paramLabel = "ID", description = "The key to remove.")
        String id;

        @Override
        public Integer call() throws Exception {
            KeyRing ring;
            try {
                ring = KeyRing.read(file).without(id);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
            ring.write(file);
            spec.commandLine().getOut().println("removed key " + id + " from " + file + "; keys " + String.join(", ", ring.ids()));
            return audit.record("key-removed", dev.switchboard.protocol.json.JsonObject.builder().put("ring", file.toAbsolutePath().toString()).put("key", id).build(), null, spec.commandLine().getErr()) ? 0 : ExitCodes.UNREACHABLE;
        }
    }

    /** {@code keys show FILE}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the key ids (never the keys).")
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The key ring.")
        Path file;

        @Override
        public Integer call() throws Exception {
            KeyRing ring = KeyRing.read(file);
            for (String id : ring.ids()) {
                spec.commandLine().getOut().println(id + (id.equals(ring.activeId()) ? " (active)" : ""));
            }
            return 0;
        }
    }
}
