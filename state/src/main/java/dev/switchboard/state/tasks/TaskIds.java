package dev.switchboard.state.tasks;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Task ids: unguessable (the extension requires that nobody can enumerate them), URL- and
 * header-safe, since clients send them in {@code Mcp-Name}.
 *
 * <p>A generated id is 144 random bits from {@link SecureRandom} in base64url without padding (24
 * characters). A caller may bring its own id (a gateway wrapping an upstream's task in a sealed
 * handle); it must be 22 to 512 base64url characters, i.e. room for at least 128 bits. The store
 * cannot measure a caller's entropy: that part is the caller's promise.
 */
public final class TaskIds {
    /** Random bytes in a generated id (144 bits; more than the 128 the design asks for). */
    public static final int RANDOM_BYTES = 18;
    /** Shortest accepted id: 22 base64url characters carry 132 bits. */
    public static final int MIN_LENGTH = 22;
    /** Longest accepted id (sealed handles are long). */
    public static final int MAX_LENGTH = 512;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{" + MIN_LENGTH + "," + MAX_LENGTH + "}");

    private TaskIds() {
    }

    /** A new random id. Thread-safe. */
    public static String newId() {
        byte[] b = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(b);
        return B64.encodeToString(b);
    }

    /** True when {@code id} has the shape of a task id. */
    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /**
     * Returns {@code id} when it has the shape of a task id.
     *
     * @throws IllegalArgumentException naming the rule it breaks (never echoing a long id in full)
     */
    public static String check(String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("a task id must be " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " base64url characters (A-Z a-z 0-9 - _), got " + (id == null ? "null" : id.length() + " characters"));
        }
        return id;
    }
}
