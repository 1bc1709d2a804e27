package dev.switchboard.gateway.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How upstream names become gateway names.
 *
 * <ul>
 *   <li>Tools and prompts: {@code <prefix>__<name>}, or the name itself when the prefix is
 *       {@code ""}. Only {@code [A-Za-z0-9_.-]} (the spec's tool-name alphabet, which prefixes are
 *       limited to as well), so the result is a valid tool name whenever the upstream's was.</li>
 *   <li>A name longer than 128 characters keeps its first 119 and ends with {@code _} and 8 hex
 *       digits of the SHA-256 of the whole name: stable, and distinct from its neighbours.</li>
 *   <li>Resource URIs and templates are served unchanged; see {@link #qualifyUri}.</li>
 * </ul>
 */
public final class Naming {
    /** The separator between prefix and name. Two underscores: rare in real names, and valid everywhere a tool name is. */
    public static final String SEPARATOR = "__";
    /** The spec's limit on tool names. */
    public static final int MAX_LENGTH = 128;
    private static final Pattern TOOL_NAME = Pattern.compile("^[A-Za-z0-9_.\\-]{1,128}$");

    private Naming() {
    }

    /** True when {@code name} is a valid MCP tool name (1 to 128 of {@code A-Z a-z 0-9 _ - .}). */
    public static boolean isValidToolName(String name) {
        return name != null && TOOL_NAME.matcher(name).matches();
    }

    /** {@code name} under {@code prefix}, shortened to 128 characters if needed. */
    public static String qualify(String prefix, String name) {
        String full = prefix.isEmpty() ? name : prefix + SEPARATOR + name;
        return fit(full);
    }

    /**
     * A free name for {@code name} of upstream {@code upstream} with prefix {@code prefix}, given
     * the names already {@code taken}: the qualified name; if taken, the name qualified by the
     * upstream's own (unique) name; if that is taken too, with {@code _2}, {@code _3}... appended.
     */
    public static String free(String upstream, String prefix, String name, Set<String> taken) {
        String first = qualify(prefix, name);
        if (!taken.contains(first)) {
            return first;
        }
        String byUpstream = qualify(upstream, name);
        if (!taken.contains(byUpstream)) {
            return byUpstream;
        }
        for (int i = 2; ; i++) {
            String suffix = "_" + i;
            String candidate = fit(byUpstream.length() + suffix.length() > MAX_LENGTH
                    ? byUpstream.substring(0, MAX_LENGTH - suffix.length()) + suffix : byUpstream + suffix);
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    /**
     * A resource URI (or URI template) of upstream {@code upstream} that collides with another
     * upstream's: {@code <upstream>+<uri>}, e.g. {@code files+file:///etc/hosts}. Upstream names
     * are {@code [a-z][a-z0-9-]*}, so this is still a URI (the scheme gains a prefix) and the
     * original is recovered by dropping {@code <upstream>+}.
     */
    public static String qualifyUri(String upstream, String uri) {
        return upstream + "+" + uri;
    }

    private static String fit(String name) {
        if (name.length() <= MAX_LENGTH) {
            return name;
        }
        return name.substring(0, MAX_LENGTH - 9) + "_" + sha256Hex(name).substring(0, 8);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
