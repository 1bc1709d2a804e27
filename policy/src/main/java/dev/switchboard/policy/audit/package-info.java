/**
 * The governance audit trail: an {@link dev.switchboard.policy.audit.Auditor} records every policy
 * decision and authentication refusal through the {@link dev.switchboard.state.audit.AuditLog} SPI
 * (a file, or one chain in Redis across instances) off the request path, with arguments reduced to
 * a keyed hash; Ed25519-signed {@link dev.switchboard.policy.audit.Checkpoint}s and a
 * {@link dev.switchboard.policy.audit.TrustedHead} make a rewritten chain or a cut-off tail show;
 * {@link dev.switchboard.policy.audit.CheckpointVerifier} checks all of it.
 */
package dev.switchboard.policy.audit;
