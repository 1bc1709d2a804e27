package dev.switchboard.cli;

import dev.switchboard.policy.audit.AuditKey;
import dev.switchboard.policy.audit.Auditor;
import dev.switchboard.policy.audit.TrustedHead;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.audit.AuditLog;
import dev.switchboard.state.redis.RedisState;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The audit options of administrative commands (a picocli mixin): with {@code --audit-key}, the
 * change the command made (a bundle published, a pin accepted, a key rotated) becomes one
 * {@code "type":"admin"} record in the deployment's Redis audit chain, beside the decisions it
 * affects. A file log belongs to the running instance that holds it, so admin records need the
 * Redis chain.
 */
final class AdminAudit {
    @Option(names = "--audit-key", paramLabel = "FILE",
            description = "Record this change in the deployment's Redis audit chain, signed with this audit key.")
    Path auditKey;

    @Option(names = "--audit-state", paramLabel = "URI",
            description = "The Redis holding the audit chain (default: the command's own --state, if it has one).")
    URI auditState;

    @Option(names = "--audit-name", defaultValue = "decisions", description = "The audit stream's name (default: ${DEFAULT-VALUE}).")
    String auditName;

    /** Who makes changes from this shell: {@code user@host}. */
    static String operator() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return System.getProperty("user.name") + "@" + host;
    }

    /**
     * Records {@code change} when {@code --audit-key} is given; otherwise does nothing.
     *
     * @param state the command's own shared state, used when {@code --audit-state} is not given (may be null)
     * @return false (after saying so on {@code err}) when it should have been recorded but was not
     */
    boolean record(String change, JsonObject details, URI state, PrintWriter err) throws Exception {
        if (auditKey == null) {
            return true;
        }
        URI where = auditState != null ? auditState : state;
        if (where == null) {
            err.println("switchboard: --audit-key records the change in the deployment's Redis audit chain: add --audit-state "
                    + "redis://HOST:PORT");
            return false;
        }
        String by = operator();
        Path spool = Files.createTempFile("switchboard-admin-spool", ".jsonl");
        try (RedisState redis = ServeCommand.connect(where);
             AuditLog log = redis.auditLog(auditName, spool);
             Auditor auditor = Auditor.builder(log, AuditKey.read(auditKey), "cli:" + by)
                     .trustedHead(TrustedHead.keyValue(redis.store(), Governance.headKey(auditName))).build()) {
            if (auditor.administered(change, by, details) && auditor.flush(Duration.ofSeconds(10))) {
                return true;
            }
        } finally {
            Files.deleteIfExists(spool);
        }
        err.println("switchboard: the change was made, but its audit record could not be written");
        return false;
    }
}
