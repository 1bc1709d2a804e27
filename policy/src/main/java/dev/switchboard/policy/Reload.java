package dev.switchboard.policy;

/** What {@link PolicyEngine#reload} did; each is also an administrative event for the audit log. */
public sealed interface Reload {

    /** The new bundle is active. */
    record Swapped(String previousHash, String hash, int rules) implements Reload {
    }

    /** The file compiled to the bundle already active (same canonical form); nothing changed. */
    record Unchanged(String hash) implements Reload {
    }

    /** The file was refused; {@code activeHash} is still in force. */
    record Refused(String activeHash, PolicyException error) implements Reload {
    }
}
