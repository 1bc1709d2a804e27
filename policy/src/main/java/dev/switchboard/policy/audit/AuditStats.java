package dev.switchboard.policy.audit;

/**
 * What an {@link Auditor} has done since it started.
 *
 * @param recorded   events appended to the log (chained, or spooled by a backend that spools)
 * @param checkpoints checkpoints appended
 * @param overflowed events that found the queue full (or the log failing) and were not recorded;
 *                   each was logged at WARNING with its content, and an allowed call among them
 *                   was refused instead of running unaudited
 * @param failures   appends the log refused (each retried until it succeeds or the auditor closes)
 * @param queued     events waiting now
 * @param syncs      times the log was made durable ({@code fsync}s of a file log): {@code recorded / syncs}
 *                   is how many records one shared
 */
public record AuditStats(long recorded, long checkpoints, long overflowed, long failures, int queued, long syncs) {
}
