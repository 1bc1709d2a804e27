/**
 * Human approval of calls a rule marks {@code require_approval}: pending approvals kept in the
 * shared {@link dev.switchboard.state.kv.KeyValue} (so any instance serves the approval page and
 * sees the decision), bound to principal, target, a keyed hash of the arguments, bundle and
 * expiry, and redeemable once; and the approval page itself, as plain request/reply methods a
 * transport mounts. Depends on nothing else in {@code policy}.
 */
package dev.switchboard.policy.approval;
