package dev.switchboard.registry.entry;

import java.util.regex.Pattern;

/**
 * The naming rules of the official registry: {@code namespace/name}, where the namespace is a
 * reverse-DNS name ({@code io.github.alice}, {@code com.example}) its publisher can prove, and the
 * name is what follows the single slash.
 */
public final class ServerNames {
    /** The schema's pattern, repeated here so the messages can say which rule failed. */
    private static final Pattern SCHEMA = Pattern.compile("^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$");
    private static final Pattern LABEL = Pattern.compile("^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$");
    static final int MIN_LENGTH = 3;
    static final int MAX_LENGTH = 200;

    private ServerNames() {
    }

    /**
     * Why {@code name} is not a valid server name, or null when it is.
     * The message says which rule failed, for a person to fix it.
     */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "the name is missing";
        }
        if (name.length() < MIN_LENGTH || name.length() > MAX_LENGTH) {
            return "the name must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long, got " + name.length();
        }
        int slash = name.indexOf('/');
        if (slash < 0 || slash != name.lastIndexOf('/')) {
            return "the name \"" + name + "\" must contain exactly one '/' between a reverse-DNS namespace and the server's "
                    + "name, e.g. io.github.alice/weather";
        }
        if (!SCHEMA.matcher(name).matches()) {
            return "the name \"" + name + "\" may use only letters, digits, '.' and '-' before the '/', and letters, digits, "
                    + "'.', '_' and '-' after it";
        }
        String namespace = name.substring(0, slash);
        String[] labels = namespace.split("\\.", -1);
        if (labels.length < 2) {
            return "the namespace \"" + namespace + "\" must be a reverse-DNS name with at least two labels, e.g. com.example "
                    + "or io.github.alice";
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return "the namespace \"" + namespace + "\" has an invalid label \"" + label
                        + "\": labels are non-empty and neither start nor end with '-'";
            }
        }
        return null;
    }

    /** The namespace part of a valid name, e.g. {@code com.example} of {@code com.example/tool}. */
    public static String namespace(String name) {
        return name.substring(0, name.indexOf('/'));
    }
}
