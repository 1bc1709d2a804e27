package dev.switchboard.policy.audit;

import dev.switchboard.policy.audit.AuditCheck.Kind;
import dev.switchboard.policy.audit.AuditCheck.Problem;
import dev.switchboard.state.audit.AuditRecord;
import dev.switchboard.state.audit.AuditVerification;
import dev.switchboard.state.audit.AuditVerifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Verifies an audit log written through an {@link Auditor}: first the hash chain
 * ({@link AuditVerifier}: the first modified, missing, reordered or re-linked record), then every
 * {@link Checkpoint} in it (its signature with one of the given public keys, and that the record it
 * signs still has the hash it signed), then the {@link TrustedHead} if one is given (signature, the
 * log reaches it, and the record there has its hash). Reports the first problem.
 *
 * <p>What each check catches: editing a record breaks its hash; editing it and re-hashing the rest
 * of the chain breaks the next checkpoint (nobody without the private key can sign the new hashes);
 * cutting off the tail, checkpoints and all, leaves a valid shorter chain that only the trusted head
 * shows. Reads a file as a stream, twice (checkpoints are collected first, then the hashes they
 * name), so logs larger than memory verify.
 */
public final class CheckpointVerifier {
    private CheckpointVerifier() {
    }

    /**
     * Verifies the JSONL log {@code file}.
     *
     * @param keys the public keys checkpoints may be signed with
     * @param head the trusted head, or null
     * @throws IOException when the file cannot be read
     */
    public static AuditCheck verify(Path file, Collection<PublicKey> keys, Checkpoint head) throws IOException {
        return verifyFiles(List.of(file), keys, head);
    }

    /**
     * Verifies {@code files} as one log, in the order given (a log's rotated segments oldest first,
     * then the file it goes on in).
     *
     * @param keys the public keys checkpoints may be signed with
     * @param head the trusted head, or null
     * @throws IOException when a file cannot be read
     */
    public static AuditCheck verifyFiles(List<Path> files, Collection<PublicKey> keys, Checkpoint head) throws IOException {
        AuditVerification chain = AuditVerifier.verifyFiles(files);
        if (!chain.intact()) {
            return new AuditCheck(chain, 0, 0, 0, head, null);
        }
        try {
            return checkpoints(chain, each -> {
                for (Path file : files) {
                    try (Stream<String> lines = Files.lines(file)) {
                        lines.forEach(line -> each.accept(AuditRecord.parse(line)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }, keys, head);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Verifies records given as lines, as {@link #verify(Path, Collection, Checkpoint)}. */
    public static AuditCheck verify(List<String> lines, Collection<PublicKey> keys, Checkpoint head) {
        AuditVerification chain = AuditVerifier.verify(lines);
        if (!chain.intact()) {
            return new AuditCheck(chain, 0, 0, 0, head, null);
        }
        return checkpoints(chain, each -> lines.forEach(line -> each.accept(AuditRecord.parse(line))), keys, head);
    }

    /** A checkpoint and the record holding it. */
    private record Found(long at, Checkpoint checkpoint) {
    }

    private static AuditCheck checkpoints(AuditVerification chain, Consumer<Consumer<AuditRecord>> records,
                                          Collection<PublicKey> keys, Checkpoint head) {
        Map<String, PublicKey> byId = new HashMap<>();
        keys.forEach(k -> byId.put(AuditKey.idOf(k), k));
        List<Found> found = new ArrayList<>();
        Problem[] malformed = new Problem[1];
        records.accept(r -> {
            if (malformed[0] != null || !Checkpoint.isCheckpoint(r.event())) {
                return;
            }
            try {
                Checkpoint c = Checkpoint.fromEvent(r.event());
                if (c.sequence() >= r.sequence()) {
                    malformed[0] = new Problem(Kind.MALFORMED_CHECKPOINT, r.sequence(), "the checkpoint in record " + r.sequence()
                            + " signs record " + c.sequence() + ", which does not come before it");
                } else {
                    found.add(new Found(r.sequence(), c));
                }
            } catch (IllegalArgumentException e) {
                malformed[0] = new Problem(Kind.MALFORMED_CHECKPOINT, r.sequence(), "record " + r.sequence() + " is a "
                        + "checkpoint that cannot be read: " + e.getMessage());
            }
        });
        Set<Long> wanted = new HashSet<>();
        found.forEach(f -> wanted.add(f.checkpoint().sequence()));
        if (head != null) {
            wanted.add(head.sequence());
        }
        Map<Long, String> hashes = new HashMap<>();
        records.accept(r -> {
            if (wanted.contains(r.sequence())) {
                hashes.put(r.sequence(), r.hash());
            }
        });
        long good = 0;
        long lastSigned = 0;
        long lastCheckpointRecord = 0;
        Problem problem = null;
        for (Found f : found) {
            if (malformed[0] != null && malformed[0].sequence() < f.at()) {
                break;
            }
            problem = check(f.checkpoint(), "the checkpoint in record " + f.at(), f.at(), byId, hashes);
            if (problem != null) {
                break;
            }
            good++;
            lastSigned = Math.max(lastSigned, f.checkpoint().sequence());
            lastCheckpointRecord = f.at();
        }
        if (problem == null) {
            problem = malformed[0];
        }
        if (problem == null && head != null) {
            problem = checkHead(head, chain, byId, hashes);
        }
        return new AuditCheck(chain, good, lastSigned, chain.lastSequence() - lastCheckpointRecord, head, problem);
    }

    private static Problem check(Checkpoint c, String what, long at, Map<String, PublicKey> keys, Map<Long, String> hashes) {
        PublicKey key = keys.get(c.keyId());
        if (key == null) {
            return new Problem(Kind.FORGED, at, what + " is signed by key " + c.keyId() + ", which is not among the keys given");
        }
        if (!c.verifiedBy(key)) {
            return new Problem(Kind.FORGED, at, what + " has a signature that does not verify with key " + c.keyId()
                    + ": the checkpoint was forged or edited");
        }
        String actual = hashes.get(c.sequence());
        if (!c.head().equals(actual)) {
            return new Problem(Kind.REWRITTEN, at, what + " signed hash " + c.head() + " for record " + c.sequence()
                    + ", which now has hash " + actual + ": the chain was rewritten from record " + c.sequence() + " or before");
        }
        return null;
    }

    private static Problem checkHead(Checkpoint head, AuditVerification chain, Map<String, PublicKey> keys,
                                     Map<Long, String> hashes) {
        if (head.sequence() > chain.lastSequence()) {
            PublicKey key = keys.get(head.keyId());
            if (key == null || !head.verifiedBy(key)) {
                return new Problem(Kind.FORGED, head.sequence(), "the trusted head's signature does not verify with the keys given");
            }
            return new Problem(Kind.CUT_OFF, head.sequence(), "the trusted head signs record " + head.sequence()
                    + " (signed " + head.time() + " by " + head.instance() + ") but the log ends at record " + chain.lastSequence()
                    + ": records " + (chain.lastSequence() + 1) + " to at least " + head.sequence() + " were cut off");
        }
        return check(head, "the trusted head", head.sequence(), keys, hashes);
    }
}
